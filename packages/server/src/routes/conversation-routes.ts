import type {
  ConversationStatus,
  VisitorMessageRequest,
  VisitorMessageResponse,
} from "@nexus-chat/protocol";
import {
  ConversationStatusSchema,
  ErrorEnvelopeSchema,
  UuidSchema,
  VisitorMessageRequestSchema,
  VisitorMessageResponseSchema,
} from "@nexus-chat/protocol/schemas";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import type { AppContext } from "../app-context.js";
import { access } from "../auth/access-rule.js";
import { assertUsable, loadSession } from "./sessions-access.js";

const SessionParamsSchema = Type.Object({ id: UuidSchema });
const errors = { "4xx": ErrorEnvelopeSchema };

/**
 * The visitor's side of a live conversation (issue 13): `POST /sessions/:id/messages` (to the
 * person holding it, the queue, or left for the team) and `POST /sessions/:id/handover/cancel`.
 * The session owner's only, like every session route.
 */
export async function conversationRoutes(app: FastifyInstance, context: AppContext): Promise<void> {
  const onRequest = context.rateLimit("sessions");
  const writes = access.experience("query:execute");

  app.post<{ Params: { id: string }; Body: VisitorMessageRequest }>(
    "/sessions/:id/messages",
    {
      onRequest,
      config: writes,
      schema: {
        params: SessionParamsSchema,
        body: VisitorMessageRequestSchema,
        response: { 201: VisitorMessageResponseSchema, ...errors },
      },
    },
    async (request, reply): Promise<VisitorMessageResponse> => {
      const session = await loadSession(context, request, request.params.id, request.body.userId);
      const record = await context.conversations.load(session.sessionId);
      // A closed conversation answers 409 CONVERSATION_STATE_CONFLICT (its session ended too).
      if (record.state !== "closed") assertUsable(session);
      const experience = (await context.store.experiences.get(session.experienceId))!;
      const { message, deliveredTo } = await context.conversations.visitorMessage(
        record,
        experience,
        request.body.text,
      );
      await context.store.sessions.touch(session.sessionId);
      void reply.status(201);
      return { messageId: message.messageId, deliveredTo, createdAt: message.createdAt };
    },
  );

  app.post<{ Params: { id: string } }>(
    "/sessions/:id/handover/cancel",
    {
      onRequest,
      config: writes,
      schema: {
        params: SessionParamsSchema,
        response: { 200: ConversationStatusSchema, ...errors },
      },
    },
    async (request): Promise<ConversationStatus> => {
      const session = await loadSession(context, request, request.params.id);
      const experience = (await context.store.experiences.get(session.experienceId))!;
      return context.conversations.cancel(
        await context.conversations.load(session.sessionId),
        experience,
      );
    },
  );
}
