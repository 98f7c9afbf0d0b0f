import type { HealthResponse } from "@nexus-chat/protocol";
import { HealthResponseSchema } from "@nexus-chat/protocol/schemas";
import type { FastifyInstance } from "fastify";
import { access } from "../auth/access-rule.js";
import type { AppContext } from "../app-context.js";

/**
 * `GET /health`: whether the database answers, which one it is, Redis' state, and the version.
 * 503 when the database does not answer; `degraded` (still 200) while only Redis is away.
 */
export async function healthRoutes(app: FastifyInstance, context: AppContext): Promise<void> {
  app.get(
    "/health",
    {
      onRequest: context.rateLimit("health"),
      config: access.public,
      schema: { response: { 200: HealthResponseSchema, 503: HealthResponseSchema } },
    },
    async (_request, reply): Promise<HealthResponse> => {
      let database: HealthResponse["database"] = "ok";
      try {
        await context.store.ping();
      } catch {
        database = "unreachable";
      }
      if (database !== "ok") void reply.status(503);
      const redis = context.coordination.state;
      return {
        status: database === "ok" && redis !== "degraded" ? "ok" : "degraded",
        version: context.version,
        database,
        databaseDialect: context.store.dialect,
        redis,
        uptime: Math.round(process.uptime()),
      };
    },
  );
}
