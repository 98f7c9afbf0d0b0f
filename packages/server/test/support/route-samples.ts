import { sessionSecretHeader } from "@nexus-chat/protocol";
import type { FastifyInstance } from "fastify";
import { adminToken } from "./test-app.js";
import { consoleRouteTable } from "./console-route-table.js";
import type { RegisteredRoute } from "../../src/app-context.js";
import type { MatrixRow, RouteTraits } from "./authorization-matrix.js";

/** What a sample request may build on: the matrix's fixtures. */
export interface MatrixFixtures {
  app: FastifyInstance;
  /** A `query:execute` token for `a`. */
  visitorToken: string;
  /** An API client of `a`, for the token exchange. */
  client: { clientId: string; clientSecret: string };
  /** A session of `a` that is not the one under test (its secret is "another session's"). */
  otherSession: { sessionId: string; secret: string };
  jobId: string;
}

/** A request of a route, and the session whose secret "its owner" sends, if it touches one. */
export interface SampleRequest {
  url: string;
  payload?: unknown;
  session?: { sessionId: string; secret: string };
}

export interface RouteSample extends RouteTraits {
  method: string;
  /** The route as registered. */
  route: string;
  /** Builds a fresh request for one cell (a new session where the request may end or change it). */
  build(fixtures: MatrixFixtures): Promise<SampleRequest>;
}

/** A new session of `a` with its secret, created by a visitor. */
export async function newSession(
  fixtures: Pick<MatrixFixtures, "app" | "visitorToken">,
): Promise<{ sessionId: string; secret: string }> {
  const response = await fixtures.app.inject({
    method: "POST",
    url: "/api/v2/sessions",
    headers: { authorization: `Bearer ${fixtures.visitorToken}` },
    payload: { experienceId: "a" },
  });
  if (response.statusCode !== 201) throw new Error(`session: ${response.body}`);
  return {
    sessionId: response.json<{ sessionId: string }>().sessionId,
    secret: String(response.headers[sessionSecretHeader]),
  };
}

async function newTurn(fixtures: MatrixFixtures) {
  const session = await newSession(fixtures);
  const response = await fixtures.app.inject({
    method: "POST",
    url: "/api/v2/query",
    headers: {
      authorization: `Bearer ${fixtures.visitorToken}`,
      [sessionSecretHeader]: session.secret,
    },
    payload: { experienceId: "a", text: "hello", sessionId: session.sessionId },
  });
  if (response.statusCode !== 200) throw new Error(`query: ${response.body}`);
  return { session, queryId: response.json<{ queryId: string }>().queryId };
}

const fixed = (url: string, payload?: unknown) => async (): Promise<SampleRequest> => ({
  url,
  ...(payload === undefined ? {} : { payload }),
});

const onSession =
  (suffix: string, payload?: unknown) =>
  async (fixtures: MatrixFixtures): Promise<SampleRequest> => {
    const session = await newSession(fixtures);
    return {
      url: `/api/v2/sessions/${session.sessionId}${suffix}`,
      session,
      ...(payload === undefined ? {} : { payload }),
    };
  };

/** A new session of `a`, addressed by the desk API (no session secret: desks do not have one). */
const onDeskSession =
  (suffix: string, payload: unknown) =>
  async (fixtures: MatrixFixtures): Promise<SampleRequest> => {
    const session = await newSession(fixtures);
    return { url: `/api/v2/agent/sessions/${session.sessionId}${suffix}`, payload };
  };

async function throwawayExperience(app: FastifyInstance): Promise<string> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v2/admin/experiences",
    headers: { authorization: `Bearer ${adminToken}` },
    payload: { name: "Throwaway" },
  });
  return response.json<{ id: string }>().id;
}

const apiSamples: RouteSample[] = [
  {
    method: "POST",
    route: "/api/v2/query",
    owned: true,
    async build(fixtures) {
      const session = await newSession(fixtures);
      return {
        url: "/api/v2/query",
        session,
        payload: { experienceId: "a", text: "hello", sessionId: session.sessionId },
      };
    },
  },
  {
    method: "POST",
    route: "/api/v2/query/feedback",
    owned: true,
    async build(fixtures) {
      const { session, queryId } = await newTurn(fixtures);
      return {
        url: "/api/v2/query/feedback",
        session,
        payload: { queryId, sessionId: session.sessionId, rating: "positive" },
      };
    },
  },
  {
    method: "POST",
    route: "/api/v2/analytics/link-clicks",
    build: fixed("/api/v2/analytics/link-clicks", {
      experienceId: "a",
      sessionId: null,
      href: "https://example.com/",
      text: "example",
      protocol: "https:",
    }),
  },
  {
    method: "POST",
    route: "/api/v2/analytics/events",
    build: fixed("/api/v2/analytics/events", {
      experienceId: "a",
      events: [
        { name: "open", timestamp: "2026-01-01T00:00:00.000Z", sessionId: null, payload: {} },
      ],
    }),
  },
  {
    method: "POST",
    route: "/api/v2/sessions",
    build: fixed("/api/v2/sessions", { experienceId: "a" }),
  },
  { method: "GET", route: "/api/v2/sessions/:id", owned: true, build: onSession("") },
  { method: "GET", route: "/api/v2/sessions/:id/status", owned: true, build: onSession("/status") },
  {
    method: "PATCH",
    route: "/api/v2/sessions/:id",
    owned: true,
    build: onSession("", { metadata: { page: "/pricing" } }),
  },
  { method: "POST", route: "/api/v2/sessions/:id/end", owned: true, build: onSession("/end") },
  {
    method: "POST",
    route: "/api/v2/sessions/:id/handover",
    owned: true,
    build: onSession("/handover", { reason: "matrix" }),
  },
  // Without Accept: text/event-stream the channel answers 400 once the caller passed the
  // owner check, instead of a stream that never ends.
  { method: "GET", route: "/api/v2/sessions/:id/events", owned: true, build: onSession("/events") },
  {
    method: "POST",
    route: "/api/v2/sessions/:id/queries/:queryId/stop",
    owned: true,
    build: onSession("/queries/no-such-query/stop"),
  },
  {
    method: "POST",
    route: "/api/v2/sessions/:id/messages",
    owned: true,
    build: onSession("/messages", { text: "Is anyone there?" }),
  },
  {
    method: "POST",
    route: "/api/v2/sessions/:id/handover/cancel",
    owned: true,
    build: onSession("/handover/cancel"),
  },
  // The outside desk's routes, on a session still with the assistant: an allowed desk gets 409.
  {
    method: "POST",
    route: "/api/v2/agent/sessions/:id/join",
    build: onDeskSession("/join", { agent: { name: "Desk" } }),
  },
  {
    method: "POST",
    route: "/api/v2/agent/sessions/:id/typing",
    build: onDeskSession("/typing", { agent: { name: "Desk" }, typing: true }),
  },
  {
    method: "POST",
    route: "/api/v2/agent/sessions/:id/messages",
    build: onDeskSession("/messages", { text: "Hello from the desk", agent: { name: "Desk" } }),
  },
  {
    method: "POST",
    route: "/api/v2/agent/sessions/:id/end",
    build: onDeskSession("/end", { to: "bot" }),
  },
  {
    method: "GET",
    route: "/api/v2/admin/experiences/:id/handover-webhook-secret",
    build: fixed("/api/v2/admin/experiences/a/handover-webhook-secret"),
  },
  {
    method: "POST",
    route: "/api/v2/admin/experiences/:id/handover-webhook-secret/rotate",
    build: fixed("/api/v2/admin/experiences/a/handover-webhook-secret/rotate"),
  },
  {
    method: "GET",
    route: "/api/v2/experiences/:id/config",
    build: fixed("/api/v2/experiences/a/config"),
  },
  {
    method: "POST",
    route: "/api/v2/auth/access-tokens",
    async build(fixtures) {
      return { url: "/api/v2/auth/access-tokens", payload: fixtures.client };
    },
  },
  {
    method: "POST",
    route: "/api/v2/auth/refresh",
    async build(fixtures) {
      const tokens = await fixtures.app.inject({
        method: "POST",
        url: "/api/v2/auth/access-tokens",
        payload: fixtures.client,
      });
      const { refreshToken } = tokens.json<{ refreshToken: string }>();
      return { url: "/api/v2/auth/refresh", payload: { refreshToken } };
    },
  },
  {
    method: "POST",
    route: "/api/v2/data-ingestion/jobs",
    build: fixed("/api/v2/data-ingestion/jobs", {
      experienceId: "a",
      documents: [{ content: "# Matrix\n\nA document.", externalId: "matrix.md" }],
    }),
  },
  {
    method: "POST",
    route: "/api/v2/data-ingestion/web",
    // A loopback page: refused as a private network once authorised, so nothing is fetched.
    build: fixed("/api/v2/data-ingestion/web", {
      experienceId: "a",
      urls: ["http://127.0.0.1:9/"],
    }),
  },
  {
    method: "POST",
    route: "/api/v2/data-ingestion/reindex",
    build: fixed("/api/v2/data-ingestion/reindex", { experienceId: "a" }),
  },
  {
    method: "GET",
    route: "/api/v2/data-ingestion/jobs/:id",
    async build(fixtures) {
      return { url: `/api/v2/data-ingestion/jobs/${fixtures.jobId}` };
    },
  },
  { method: "GET", route: "/api/v2/health", build: fixed("/api/v2/health") },
  { method: "GET", route: "/api/v2/openapi.json", build: fixed("/api/v2/openapi.json") },
  {
    method: "POST",
    route: "/api/v2/admin/experiences",
    build: fixed("/api/v2/admin/experiences", { name: "Matrix" }),
  },
  { method: "GET", route: "/api/v2/admin/experiences", build: fixed("/api/v2/admin/experiences") },
  {
    method: "GET",
    route: "/api/v2/admin/experiences/:id",
    build: fixed("/api/v2/admin/experiences/a"),
  },
  {
    method: "PATCH",
    route: "/api/v2/admin/experiences/:id",
    build: fixed("/api/v2/admin/experiences/a", { name: "A" }),
  },
  {
    method: "DELETE",
    route: "/api/v2/admin/experiences/:id",
    async build(fixtures) {
      return { url: `/api/v2/admin/experiences/${await throwawayExperience(fixtures.app)}` };
    },
  },
  {
    method: "GET",
    route: "/api/v2/admin/experiences/:id/documents",
    build: fixed("/api/v2/admin/experiences/a/documents"),
  },
  {
    method: "DELETE",
    route: "/api/v2/admin/experiences/:id/documents/:documentId",
    build: fixed("/api/v2/admin/experiences/a/documents/00000000-0000-4000-8000-000000000000"),
  },
  {
    method: "POST",
    route: "/api/v2/admin/api-clients",
    build: fixed("/api/v2/admin/api-clients", { name: "Matrix", scopes: ["query:execute"] }),
  },
  {
    method: "GET",
    route: "/api/v2/admin/sessions/:id",
    async build(fixtures) {
      return { url: `/api/v2/admin/sessions/${fixtures.otherSession.sessionId}` };
    },
  },
  {
    method: "GET",
    route: "/api/v2/admin/analytics/summary",
    build: fixed("/api/v2/admin/analytics/summary?experienceId=a"),
  },
];

/** The console's routes, from the console's own route table. */
const consoleSamples: RouteSample[] = consoleRouteTable.map((route) => ({
  method: route.method,
  route: `/api/v2/console${route.path}`,
  build: fixed(`/api/v2/console${route.example}`, route.payload),
}));

const pageSamples: RouteSample[] = [
  "/",
  "/demo/demo.js",
  "/demo/demo.js.map",
  "/demo/demo.css",
  "/console",
  "/console/console.js",
  "/console/console.css",
].map((url) => ({ method: "GET", route: url, build: fixed(url) }));

/**
 * A request for every route of the app (the `/v2` routes mirror `/api/v2`; the widget's files
 * are matched by prefix). The matrix test fails on a route without one, so a new route cannot
 * go without its row.
 */
export function sampleFor(method: string, route: string): RouteSample | undefined {
  if (route.startsWith("/widget/")) return { method, route, build: fixed(route) };
  return [...apiSamples, ...consoleSamples, ...pageSamples].find(
    (sample) => sample.method === method && sample.route === route,
  );
}

/** The matrix's rows: every route but the `/v2` mirrors, with its rule and sample. */
export function matrixRows(
  routes: readonly RegisteredRoute[],
): Array<MatrixRow & { sample: RouteSample | undefined }> {
  return routes
    .filter((route) => !route.url.startsWith("/v2/"))
    .map((route) => {
      const sample = sampleFor(route.method, route.url);
      return {
        method: route.method,
        url: route.url,
        rule: route.access,
        traits: { owned: sample?.owned ?? false },
        sample,
      };
    });
}
