import type { ConsoleRouteAccess } from "../../src/console/console-access.js";

/** One console route and a request that reaches it. */
export interface ConsoleRouteCase {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** As registered, after `/api/v2/console`. */
  path: string;
  access: ConsoleRouteAccess;
  /** A URL of this route, with a query string where it takes one. */
  example: string;
  payload?: unknown;
}

const uuid = "00000000-0000-4000-8000-000000000000";

/**
 * Every console route. The authorisation test runs each through no session, an agent, an admin,
 * a disabled operator and bad CSRF tokens, and fails when the server has a route this lacks.
 */
export const consoleRouteTable: ConsoleRouteCase[] = [
  { method: "POST", path: "/sign-in", access: "public", example: "/sign-in" },
  { method: "POST", path: "/sign-out", access: "agent", example: "/sign-out" },
  { method: "GET", path: "/session", access: "agent", example: "/session" },
  { method: "GET", path: "/operators", access: "admin", example: "/operators" },
  {
    method: "POST",
    path: "/operators",
    access: "admin",
    example: "/operators",
    payload: { email: "x@example.com", displayName: "X", role: "agent", password: "0123456789ab" },
  },
  {
    method: "PATCH",
    path: "/operators/:id",
    access: "admin",
    example: `/operators/${uuid}`,
    payload: { displayName: "Y" },
  },
  { method: "GET", path: "/api-clients", access: "admin", example: "/api-clients" },
  {
    method: "POST",
    path: "/api-clients",
    access: "admin",
    example: "/api-clients",
    payload: { name: "CI", scopes: ["query:execute"] },
  },
  { method: "DELETE", path: "/api-clients/:id", access: "admin", example: "/api-clients/nope" },
];
