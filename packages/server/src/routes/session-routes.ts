import { randomUUID } from "node:crypto";
import type {
  CreateSessionRequest,
  CreateSessionResponse,
  HandoverRequest,
  HandoverResponse,
  Session,
  SessionStatusResponse,
  SessionWithTurns,
  UpdateSessionRequest,
} from "@nexus-chat/protocol";
import {
  CreateSessionRequestSchema,
  CreateSessionResponseSchema,
  ErrorEnvelopeSchema,
  HandoverRequestSchema,
  HandoverResponseSchema,
  SessionSchema,
  SessionStatusResponseSchema,
  SessionWithTurnsSchema,
  UpdateSessionRequestSchema,
  UuidSchema,
} from "@nexus-chat/protocol/schemas";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import type { AppContext } from "../app-context.js";
import { access } from "../auth/access-rule.js";
import { ApiError } from "../http/api-error.js";
import { notifyHandover } from "./handover-webhook.js";
import {
  announceSessionSecret,
  assertUsable,
  assertValidUserId,
  loadSession,
  sessionExpiresAt,
} from "./sessions-access.js";

const SessionParamsSchema = Type.Object({ id: UuidSchema });
const errors = { "4xx": ErrorEnvelopeSchema };

/** `/sessions`: create, read, status, metadata, end, hand-over. */
export async function sessionRoutes(app: FastifyInstance, context: AppContext): Promise<void> {
  const onRequest = context.rateLimit("sessions");
  const reads = access.experience("sessions:read", "query:execute");
  const writes = access.experience("query:execute");

  app.post<{ Body: CreateSessionRequest }>(
    "/sessions",
    {
      onRequest,
      config: writes,
      schema: {
        body: CreateSessionRequestSchema,
        response: { 201: CreateSessionResponseSchema, ...errors },
      },
    },
    async (request, reply): Promise<CreateSessionResponse> => {
      const body = request.body;
      assertValidUserId(body.userId);
      const experience = await context.store.experiences.get(body.experienceId);
      if (!experience) throw new ApiError("EXPERIENCE_NOT_FOUND");
      await context.access.authorize(request, { experience });
      const sessionId = body.sessionId ?? randomUUID();
      const existing = await context.store.sessions.get(sessionId);
      if (existing) throw new ApiError("CONFLICT", "A session with this id already exists.");
      const session = await context.store.sessions.create({
        sessionId,
        experienceId: experience.id,
        userId: body.userId,
        metadata: body.metadata,
      });
      const sessionSecret = announceSessionSecret(context, reply, session.sessionId);
      void reply.status(201);
      return { ...session, sessionSecret };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/sessions/:id",
    {
      onRequest,
      config: reads,
      schema: { params: SessionParamsSchema, response: { 200: SessionWithTurnsSchema, ...errors } },
    },
    async (request): Promise<SessionWithTurns> => {
      const session = await loadSession(context, request, request.params.id);
      return { ...session, turns: await context.store.turns.listForSession(session.sessionId) };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/sessions/:id/status",
    {
      onRequest,
      config: reads,
      schema: {
        params: SessionParamsSchema,
        response: { 200: SessionStatusResponseSchema, ...errors },
      },
    },
    async (request): Promise<SessionStatusResponse> => {
      const session = await loadSession(context, request, request.params.id);
      const experience = (await context.store.experiences.get(session.experienceId))!;
      const conversation = await context.conversations.status(
        await context.conversations.load(session.sessionId),
        experience,
      );
      return {
        sessionId: session.sessionId,
        status: session.status,
        // A turn is two messages: the question and the answer.
        messageCount: 2 * (await context.store.turns.countForSession(session.sessionId)),
        lastActivityAt: session.lastActivityAt,
        expiresAt: sessionExpiresAt(session),
        handoverRequested: await context.store.handovers.existsForSession(session.sessionId),
        conversation,
      };
    },
  );

  app.patch<{ Params: { id: string }; Body: UpdateSessionRequest }>(
    "/sessions/:id",
    {
      onRequest,
      config: writes,
      schema: {
        params: SessionParamsSchema,
        body: UpdateSessionRequestSchema,
        response: { 200: SessionSchema, ...errors },
      },
    },
    async (request): Promise<Session> => {
      const session = await loadSession(context, request, request.params.id);
      assertUsable(session);
      const metadata: Record<string, unknown> = { ...session.metadata };
      for (const [key, value] of Object.entries(request.body.metadata)) {
        if (value === null) delete metadata[key];
        else metadata[key] = value;
      }
      if (JSON.stringify(metadata).length > 64_000) {
        throw new ApiError(
          "PAYLOAD_TOO_LARGE",
          "Session metadata may not exceed 64,000 characters.",
        );
      }
      await context.store.sessions.setMetadata(session.sessionId, metadata);
      return (await context.store.sessions.get(session.sessionId))!;
    },
  );

  app.post<{ Params: { id: string } }>(
    "/sessions/:id/end",
    {
      onRequest,
      config: writes,
      schema: { params: SessionParamsSchema, response: { 200: SessionSchema, ...errors } },
    },
    async (request): Promise<Session> => {
      const session = await loadSession(context, request, request.params.id);
      // Ending twice is harmless: the widget ends sessions best-effort, sometimes more than once.
      if (session.status === "active")
        await context.store.sessions.end(session.sessionId, "completed");
      return (await context.store.sessions.get(session.sessionId))!;
    },
  );

  app.post<{ Params: { id: string }; Body: HandoverRequest | undefined }>(
    "/sessions/:id/handover",
    {
      onRequest,
      config: writes,
      schema: {
        params: SessionParamsSchema,
        body: Type.Union([HandoverRequestSchema, Type.Null()]),
        response: { 201: HandoverResponseSchema, ...errors },
      },
    },
    async (request, reply): Promise<HandoverResponse> => {
      const session = await loadSession(context, request, request.params.id);
      const experience = (await context.store.experiences.get(session.experienceId))!;
      const body = request.body ?? {};
      const handover = {
        handoverId: randomUUID(),
        sessionId: session.sessionId,
        reason: body.reason ?? "user_requested",
        priority: body.priority ?? "normal",
        metadata: body.metadata ?? {},
      } as const;
      await context.store.handovers.save({ ...handover, status: "recorded" });
      let status: HandoverResponse["status"] = "recorded";
      // Queued when a person can take it (an agent in the Inbox, or an outside desk), before the
      // webhook is told, so that a desk joining at once finds the conversation queued.
      const conversation = await context.conversations.requestHandover(
        await context.conversations.load(session.sessionId),
        experience,
      );
      if (experience.handoverWebhookUrl) {
        const transcript = await context.store.turns.listForSession(session.sessionId);
        const secret = await context.conversations.webhookSecret(experience.id);
        const delivered = await notifyHandover(experience.handoverWebhookUrl, secret, {
          ...handover,
          experienceId: experience.id,
          userId: session.userId,
          sessionMetadata: session.metadata,
          transcript,
          requestedAt: new Date().toISOString(),
        });
        if (delivered) {
          status = "notified";
          await context.store.handovers.setStatus(handover.handoverId, status);
        } else request.log.warn({ handoverId: handover.handoverId }, "handover webhook failed");
      }
      void reply.status(201);
      return {
        handoverId: handover.handoverId,
        sessionId: session.sessionId,
        status,
        conversation,
      };
    },
  );
}
