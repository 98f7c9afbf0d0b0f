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
  { method: "GET", path: "/assistants", access: "agent", example: "/assistants" },
  {
    method: "POST",
    path: "/assistants",
    access: "admin",
    example: "/assistants",
    payload: { name: "Another" },
  },
  { method: "GET", path: "/assistants/:id", access: "agent", example: "/assistants/shop" },
  {
    method: "PATCH",
    path: "/assistants/:id",
    access: "admin",
    example: "/assistants/shop",
    payload: { name: "Shop" },
  },
  { method: "DELETE", path: "/assistants/:id", access: "admin", example: "/assistants/nope" },
  {
    method: "GET",
    path: "/assistants/:id/embed",
    access: "agent",
    example: "/assistants/shop/embed",
  },
  {
    method: "GET",
    path: "/assistants/:id/documents",
    access: "admin",
    example: "/assistants/shop/documents?search=x&offset=0&limit=5",
  },
  {
    method: "POST",
    path: "/assistants/:id/documents",
    access: "admin",
    example: "/assistants/shop/documents",
  },
  { method: "GET", path: "/jobs/:id", access: "admin", example: `/jobs/${uuid}` },
  {
    method: "DELETE",
    path: "/assistants/:id/documents/:documentId",
    access: "admin",
    example: `/assistants/shop/documents/${uuid}`,
  },
  {
    method: "GET",
    path: "/assistants/:id/documents/:documentId/passages",
    access: "admin",
    example: `/assistants/shop/documents/${uuid}/passages`,
  },
  {
    method: "POST",
    path: "/assistants/:id/reindex",
    access: "admin",
    example: "/assistants/shop/reindex",
  },
  {
    method: "POST",
    path: "/assistants/:id/documents/:documentId/reindex",
    access: "admin",
    example: `/assistants/shop/documents/${uuid}/reindex`,
  },
  // Web imports and sources: the loopback address is refused (private networks are not allowed
  // here), so an admin's request answers 400 without fetching anything.
  {
    method: "POST",
    path: "/assistants/:id/web",
    access: "admin",
    example: "/assistants/shop/web",
    payload: { urls: ["http://127.0.0.1:9/"] },
  },
  {
    method: "GET",
    path: "/assistants/:id/web-sources",
    access: "admin",
    example: "/assistants/shop/web-sources",
  },
  {
    method: "POST",
    path: "/assistants/:id/web-sources",
    access: "admin",
    example: "/assistants/shop/web-sources",
    payload: { sitemap: "http://127.0.0.1:9/sitemap.xml", intervalMinutes: 60 },
  },
  {
    method: "POST",
    path: "/assistants/:id/web-sources/:sourceId/crawl",
    access: "admin",
    example: `/assistants/shop/web-sources/${uuid}/crawl`,
  },
  {
    method: "DELETE",
    path: "/assistants/:id/web-sources/:sourceId",
    access: "admin",
    example: `/assistants/shop/web-sources/${uuid}`,
  },
  {
    method: "GET",
    path: "/conversations",
    access: "agent",
    example: "/conversations?from=2026-01-01&notAnswered=true&search=refund",
  },
  {
    method: "GET",
    path: "/conversations/export",
    access: "agent",
    example: "/conversations/export?format=csv",
  },
  { method: "GET", path: "/conversations/:id", access: "agent", example: `/conversations/${uuid}` },
  { method: "GET", path: "/analytics", access: "agent", example: "/analytics?assistantId=shop" },
  {
    method: "GET",
    path: "/analytics/unanswered",
    access: "agent",
    example: "/analytics/unanswered",
  },
  {
    method: "GET",
    path: "/analytics/top-questions",
    access: "agent",
    example: "/analytics/top-questions",
  },
  { method: "GET", path: "/analytics/top-links", access: "agent", example: "/analytics/top-links" },
  {
    method: "GET",
    path: "/assistants/:id/handover-webhook-secret",
    access: "admin",
    example: "/assistants/shop/handover-webhook-secret",
  },
  {
    method: "POST",
    path: "/assistants/:id/handover-webhook-secret/rotate",
    access: "admin",
    example: "/assistants/shop/handover-webhook-secret/rotate",
  },
  { method: "GET", path: "/inbox", access: "agent", example: "/inbox" },
  { method: "POST", path: "/inbox/presence", access: "agent", example: "/inbox/presence" },
  // Without Accept: text/event-stream the feed answers 400 instead of a stream that never ends.
  { method: "GET", path: "/inbox/events", access: "agent", example: "/inbox/events" },
  {
    method: "GET",
    path: "/conversations/:id/live",
    access: "agent",
    example: `/conversations/${uuid}/live`,
  },
  {
    method: "POST",
    path: "/conversations/:id/claim",
    access: "agent",
    example: `/conversations/${uuid}/claim`,
  },
  {
    method: "POST",
    path: "/conversations/:id/typing",
    access: "agent",
    example: `/conversations/${uuid}/typing`,
    payload: { typing: true },
  },
  {
    method: "POST",
    path: "/conversations/:id/messages",
    access: "agent",
    example: `/conversations/${uuid}/messages`,
    payload: { text: "Hello, I can help." },
  },
  {
    method: "GET",
    path: "/conversations/:id/transfer-targets",
    access: "agent",
    example: `/conversations/${uuid}/transfer-targets`,
  },
  {
    method: "POST",
    path: "/conversations/:id/transfer",
    access: "agent",
    example: `/conversations/${uuid}/transfer`,
    payload: { operatorId: uuid },
  },
  {
    method: "POST",
    path: "/conversations/:id/end",
    access: "agent",
    example: `/conversations/${uuid}/end`,
    payload: { to: "bot" },
  },
];
