import type {
  AgentMessageRequest,
  AgentProfile,
  ConversationMessage,
  ConversationStatus,
  DeskJoinRequest,
  DeskTypingRequest,
  EndConversationRequest,
} from "@nexus-chat/protocol";
import {
  AgentMessageRequestSchema,
  ConversationMessageSchema,
  ConversationStatusSchema,
  DeskJoinRequestSchema,
  DeskTypingRequestSchema,
  EndConversationRequestSchema,
  ErrorEnvelopeSchema,
  UuidSchema,
} from "@nexus-chat/protocol/schemas";
import type { FastifyInstance, FastifyRequest } from "fastify";
import Type from "typebox";
import type { AppContext } from "../app-context.js";
import { access } from "../auth/access-rule.js";
import type { ConversationActor } from "../conversation/live-conversations.js";
import { ApiError } from "../http/api-error.js";
import type { ConversationRecord } from "../store/conversation-store.js";

const SessionParamsSchema = Type.Object({ id: UuidSchema });
const errors = { "4xx": ErrorEnvelopeSchema };

/**
 * The outside desk's API (issue 13, part 4): a Zendesk, Intercom or in-house desk answers the
 * visitor in our widget with a client token of scope `agent:write`, restricted to the client's
 * experiences like every token. The desk is one holder per API client: any agent of that desk
 * may post once it joined; it names who writes in each request.
 */
export async function deskRoutes(app: FastifyInstance, context: AppContext): Promise<void> {
  const onRequest = context.rateLimit("sessions");
  const rule = access.scope("agent:write");

  /** The conversation, once the token is known to be valid for its experience. */
  async function load(
    request: FastifyRequest,
    sessionId: string,
    agent: AgentProfile | undefined,
  ): Promise<{ session: ConversationRecord; actor: ConversationActor }> {
    const session = await context.store.conversations.get(sessionId);
    if (!session) throw new ApiError("SESSION_NOT_FOUND");
    const caller = await context.access.authorize(request, { experienceId: session.experienceId });
    const clientId = caller.kind === "client" ? caller.clientId : "admin";
    const profile = agent ?? session.agent ?? { name: "Support" };
    return { session, actor: { kind: "desk", clientId, agent: profile } };
  }

  app.post<{ Params: { id: string }; Body: DeskJoinRequest }>(
    "/agent/sessions/:id/join",
    {
      onRequest,
      config: rule,
      schema: {
        params: SessionParamsSchema,
        body: DeskJoinRequestSchema,
        response: { 200: ConversationStatusSchema, ...errors },
      },
    },
    async (request): Promise<ConversationStatus> => {
      const { session, actor } = await load(request, request.params.id, request.body.agent);
      const claimed = await context.conversations.claim(session, actor);
      const experience = (await context.store.experiences.get(claimed.experienceId))!;
      return context.conversations.status(claimed, experience);
    },
  );

  app.post<{ Params: { id: string }; Body: DeskTypingRequest }>(
    "/agent/sessions/:id/typing",
    {
      onRequest,
      config: rule,
      schema: { params: SessionParamsSchema, body: DeskTypingRequestSchema, response: errors },
    },
    async (request, reply) => {
      const { session, actor } = await load(request, request.params.id, request.body.agent);
      await context.conversations.typing(session, actor, request.body.typing);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: string }; Body: AgentMessageRequest }>(
    "/agent/sessions/:id/messages",
    {
      onRequest,
      config: rule,
      schema: {
        params: SessionParamsSchema,
        body: AgentMessageRequestSchema,
        response: { 201: ConversationMessageSchema, ...errors },
      },
    },
    async (request, reply): Promise<ConversationMessage> => {
      const { session, actor } = await load(request, request.params.id, request.body.agent);
      const message = await context.conversations.agentMessage(session, actor, request.body.text);
      void reply.status(201);
      return message;
    },
  );

  app.post<{ Params: { id: string }; Body: EndConversationRequest }>(
    "/agent/sessions/:id/end",
    {
      onRequest,
      config: rule,
      schema: {
        params: SessionParamsSchema,
        body: EndConversationRequestSchema,
        response: { 200: ConversationStatusSchema, ...errors },
      },
    },
    async (request): Promise<ConversationStatus> => {
      const { session, actor } = await load(request, request.params.id, undefined);
      const ended = await context.conversations.end(session, actor, request.body.to);
      const experience = (await context.store.experiences.get(ended.experienceId))!;
      return context.conversations.status(ended, experience);
    },
  );
}
