import type { HealthResponse } from "@nexus-chat/protocol";
import { HealthResponseSchema } from "@nexus-chat/protocol/schemas";
import type { FastifyInstance } from "fastify";
import { access } from "../auth/access-rule.js";
import type { AppContext } from "../app-context.js";

interface DatabaseHealth {
  database: HealthResponse["database"];
  storage: HealthResponse["storage"];
}

/**
 * `GET /health`: whether the database answers and can store (a small write and a rolled-back
 * 8 KB row, see `checkWritable`: a full disk or a file turned read-only still answers reads;
 * requests arriving together share one check), which database it is, Redis' state, and
 * the version. 503 when the database does not answer or cannot store; `degraded` (still 200)
 * while only Redis is away.
 */
export async function healthRoutes(app: FastifyInstance, context: AppContext): Promise<void> {
  const checkDatabase = async (): Promise<DatabaseHealth> => {
    try {
      await context.store.ping();
      try {
        await context.store.clients.checkWritable();
        context.storage.recovered();
      } catch (error) {
        if (!context.storage.report(error)) throw error;
      }
      return { database: "ok", storage: context.storage.state };
    } catch {
      return { database: "unreachable", storage: undefined };
    }
  };
  // Requests that arrive while a check runs share it instead of queueing writes of their own on
  // the same rows behind it (on PostgreSQL each waited for the one before: 34 ms a request at 50
  // at once). A request arriving after a check ended starts a fresh one.
  let running: Promise<DatabaseHealth> | null = null;
  const sharedCheck = (): Promise<DatabaseHealth> =>
    (running ??= checkDatabase().finally(() => {
      running = null;
    }));

  app.get(
    "/health",
    {
      onRequest: context.rateLimit("health"),
      config: access.public,
      schema: { response: { 200: HealthResponseSchema, 503: HealthResponseSchema } },
    },
    async (_request, reply): Promise<HealthResponse> => {
      const { database, storage } = await sharedCheck();
      const healthy = database === "ok" && storage === "ok";
      if (!healthy) void reply.status(503);
      const redis = context.coordination.state;
      return {
        status: healthy && redis !== "degraded" ? "ok" : "degraded",
        version: context.version,
        database,
        databaseDialect: context.store.dialect,
        redis,
        uptime: Math.round(process.uptime()),
        ...(storage === undefined ? {} : { storage }),
      };
    },
  );
}
