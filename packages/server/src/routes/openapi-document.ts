import type { RouteOptions } from "fastify";

/** One registered route, as the OpenAPI document needs it. */
export interface DocumentedRoute {
  method: string;
  url: string;
  schema: Record<string, unknown>;
}

type JsonSchema = Record<string, unknown>;

/** Copies a schema as plain JSON (TypeBox adds nothing that JSON Schema 2020-12 lacks). */
function plain(schema: unknown): JsonSchema {
  return JSON.parse(JSON.stringify(schema)) as JsonSchema;
}

function pathParameters(schema: unknown, location: "path" | "query"): unknown[] {
  const properties =
    (schema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  const required = new Set((schema as { required?: string[] } | undefined)?.required ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === "path" || required.has(name),
    schema: plain(property),
  }));
}

/** Collects routes as they are registered (use as an `onRoute` hook). */
export function collectRoute(routes: DocumentedRoute[], prefix: string) {
  return (route: RouteOptions): void => {
    if (!route.url.startsWith(prefix) || route.method === "HEAD") return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === "HEAD" || method === "OPTIONS") continue;
      routes.push({
        method,
        url: route.url,
        schema: (route.schema ?? {}) as Record<string, unknown>,
      });
    }
  };
}

/** An OpenAPI 3.1 document built from the routes' TypeBox schemas (which come from the protocol). */
export function buildOpenApiDocument(
  routes: readonly DocumentedRoute[],
  version: string,
): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const responses: Record<string, unknown> = {};
    for (const [status, schema] of Object.entries(
      (route.schema.response ?? {}) as Record<string, unknown>,
    )) {
      responses[status.toUpperCase()] = {
        description: status.startsWith("2") ? "Success" : "Error: { statusCode, code, message }",
        content: { "application/json": { schema: plain(schema) } },
      };
    }
    if (Object.keys(responses).length === 0) responses["200"] = { description: "Success" };
    if (route.url.endsWith("/query")) {
      (responses["200"] as { content: Record<string, unknown> }).content["text/event-stream"] = {
        schema: {
          type: "string",
          description:
            "Stream events: query-start, text-delta, sources, actions, query-end, error.",
        },
      };
    }
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      operationId: `${route.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_whole, next?: string) => (next ?? "").toUpperCase())}`,
      parameters: [
        ...pathParameters(route.schema.params, "path"),
        ...pathParameters(route.schema.querystring, "query"),
      ],
      ...(route.schema.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: plain(route.schema.body) } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Nexus Chat API", version },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
    paths,
  };
}
