import type {
  AgentMessageRequest,
  ConsoleTypingRequest,
  ConversationMessage,
  ConversationStatus,
  EndConversationRequest,
  InboxEvent,
  InboxItem,
  InboxResponse,
  LiveConversation,
  Operator,
  TransferConversationRequest,
  TransferTarget,
} from "@nexus-chat/protocol";
import {
  AgentMessageRequestSchema,
  ConsoleTypingRequestSchema,
  ConversationMessageSchema,
  ConversationStatusSchema,
  EndConversationRequestSchema,
  ErrorEnvelopeSchema,
  InboxResponseSchema,
  LiveConversationSchema,
  TransferConversationRequestSchema,
  TransferTargetSchema,
  UuidSchema,
} from "@nexus-chat/protocol/schemas";
import type { FastifyInstance, FastifyRequest } from "fastify";
import Type from "typebox";
import { inboxChannel } from "../channel/channel-names.js";
import {
  holderOf,
  inboxPresenceMs,
  operatorCovers,
  pageOf,
  type ConversationActor,
} from "../conversation/live-conversations.js";
import { ApiError } from "../http/api-error.js";
import { SseStream } from "../http/sse-stream.js";
import type { ConversationRecord } from "../store/conversation-store.js";
import { callerOf, type ConsoleRouteContext } from "./console-routes.js";

const errors = { "4xx": ErrorEnvelopeSchema };
const SessionParamsSchema = Type.Object({ id: UuidSchema });
/** How often an open Inbox stream tells the database its operator is still there. */
const presenceRefreshMs = 20_000;
/** Messages left for the team that the Inbox lists. */
const leftListed = 50;

/**
 * The console's Inbox (issue 13): the live conversations an agent may take (queued), holds
 * (mine) or that visitors left messages in, a live feed of their changes, and the routes by
 * which the holder claims, types, answers, transfers and ends. Operators with the `agent` or
 * `admin` role, limited to their experiences (`experienceIds`; `null` is every one).
 */
export async function consoleInboxRoutes(
  app: FastifyInstance,
  context: ConsoleRouteContext,
): Promise<void> {
  const agents = { consoleAccess: "agent" as const };

  function operatorOf(request: FastifyRequest): Operator {
    return callerOf(request).operator;
  }

  /** The conversation, once the operator is known to take conversations of its experience. */
  async function conversationFor(
    request: FastifyRequest,
    sessionId: string,
  ): Promise<{ session: ConversationRecord; actor: ConversationActor }> {
    const operator = operatorOf(request);
    const session = await context.store.conversations.get(sessionId);
    if (!session) throw new ApiError("SESSION_NOT_FOUND");
    if (!operatorCovers(operator, session.experienceId))
      throw new ApiError(
        "FORBIDDEN",
        "This conversation belongs to an assistant you do not answer for.",
      );
    return { session, actor: { kind: "operator", operator } };
  }

  async function statusOf(session: ConversationRecord): Promise<ConversationStatus> {
    const experience = (await context.store.experiences.get(session.experienceId))!;
    return context.conversations.status(session, experience);
  }

  async function items(records: ConversationRecord[]): Promise<InboxItem[]> {
    const ids = records.map((record) => record.sessionId);
    const last = await context.store.conversations.lastMessages(ids);
    const handovers = await context.store.handovers.listForSessions(ids);
    const positions = new Map<string, number>();
    const result: InboxItem[] = [];
    for (const record of records) {
      const experience = await context.store.experiences.get(record.experienceId);
      let queuePosition: number | null = null;
      if (record.state === "queued") {
        queuePosition = (positions.get(record.experienceId) ?? 0) + 1;
        positions.set(record.experienceId, queuePosition);
      }
      result.push({
        sessionId: record.sessionId,
        experienceId: record.experienceId,
        experienceName: experience?.name ?? record.experienceId,
        state: record.state,
        queuePosition,
        queuedAt: record.queuedAt,
        agent: record.state === "agent" ? record.agent : null,
        operatorId: record.holder?.startsWith("operator:") ? record.holder.slice(9) : null,
        userId: record.userId,
        page: pageOf(record.metadata),
        handoverReason: handovers.get(record.sessionId)?.at(-1)?.reason ?? null,
        lastMessage: last.get(record.sessionId) ?? null,
      });
    }
    return result;
  }

  app.get(
    "/console/inbox",
    { config: agents, schema: { response: { 200: InboxResponseSchema, ...errors } } },
    async (request): Promise<InboxResponse> => {
      const operator = operatorOf(request);
      const experienceIds = operator.experienceIds ?? null;
      // The queue is listed in full (oldest first) so that positions are right per experience.
      const queued = await context.store.conversations.listQueued(experienceIds);
      const mine = await context.store.conversations.listHeldBy(
        holderOf({ kind: "operator", operator }),
      );
      const left = await context.store.conversations.listLeft(experienceIds, leftListed);
      return { queued: await items(queued), mine: await items(mine), left: await items(left) };
    },
  );

  app.post("/console/inbox/presence", { config: agents }, async (request, reply) => {
    await context.store.operators.markInboxSeen(operatorOf(request).operatorId);
    return reply.status(204).send();
  });

  app.get(
    "/console/inbox/events",
    { config: agents, schema: { response: errors } },
    async (request, reply) => {
      if (!(request.headers.accept ?? "").includes("text/event-stream")) {
        throw new ApiError(
          "VALIDATION_FAILED",
          "The Inbox feed is a server-sent events stream: send Accept: text/event-stream.",
        );
      }
      const operator = operatorOf(request);
      await context.store.operators.markInboxSeen(operator.operatorId);
      reply.hijack();
      const stream = new SseStream(reply.raw, reply.getHeaders(), context.heartbeatIntervalMs);
      let sending: Promise<void> = Promise.resolve();
      const unsubscribe = context.coordination.messages.subscribe(inboxChannel, (text) => {
        let event: InboxEvent;
        try {
          event = JSON.parse(text) as InboxEvent;
        } catch {
          return;
        }
        if (!operatorCovers(operator, event.experienceId)) return;
        sending = sending
          .then(() => stream.sendFrame({ event: event.type, data: JSON.stringify(event) }))
          .catch(() => undefined);
      });
      const presence = setInterval(() => {
        context.store.operators
          .markInboxSeen(operator.operatorId)
          .catch((error: unknown) => request.log.warn({ err: error }, "inbox presence failed"));
      }, presenceRefreshMs);
      presence.unref();
      try {
        await new Promise<void>((resolve) => {
          if (stream.signal.aborted) resolve();
          else stream.signal.addEventListener("abort", () => resolve(), { once: true });
        });
      } finally {
        clearInterval(presence);
        unsubscribe();
        stream.end();
      }
      return reply;
    },
  );

  app.get<{ Params: { id: string } }>(
    "/console/conversations/:id/live",
    {
      config: agents,
      schema: { params: SessionParamsSchema, response: { 200: LiveConversationSchema, ...errors } },
    },
    async (request): Promise<LiveConversation> => {
      const { session } = await conversationFor(request, request.params.id);
      const experience = (await context.store.experiences.get(session.experienceId))!;
      const status = await context.conversations.status(session, experience);
      const turns = await context.store.turns.listForSession(session.sessionId);
      const handovers = await context.store.handovers.listForSessions([session.sessionId]);
      return {
        sessionId: session.sessionId,
        experienceId: session.experienceId,
        experienceName: experience.name,
        userId: session.userId,
        metadata: session.metadata,
        page: pageOf(session.metadata),
        createdAt: session.createdAt,
        lastActivityAt: session.lastActivityAt,
        conversation: {
          ...status,
          operatorId: session.holder?.startsWith("operator:") ? session.holder.slice(9) : null,
          queuedAt: session.queuedAt,
        },
        turns: turns.map((turn) => ({
          queryId: turn.queryId,
          query: turn.query,
          answer: turn.answer,
          createdAt: turn.createdAt,
        })),
        messages: await context.store.conversations.listMessages(session.sessionId),
        handovers: handovers.get(session.sessionId) ?? [],
      };
    },
  );

  app.post<{ Params: { id: string } }>(
    "/console/conversations/:id/claim",
    {
      config: agents,
      schema: {
        params: SessionParamsSchema,
        response: { 200: ConversationStatusSchema, ...errors },
      },
    },
    async (request): Promise<ConversationStatus> => {
      const { session, actor } = await conversationFor(request, request.params.id);
      return statusOf(await context.conversations.claim(session, actor));
    },
  );

  app.post<{ Params: { id: string }; Body: ConsoleTypingRequest }>(
    "/console/conversations/:id/typing",
    {
      config: agents,
      schema: { params: SessionParamsSchema, body: ConsoleTypingRequestSchema, response: errors },
    },
    async (request, reply) => {
      const { session, actor } = await conversationFor(request, request.params.id);
      await context.conversations.typing(session, actor, request.body.typing);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: string }; Body: AgentMessageRequest }>(
    "/console/conversations/:id/messages",
    {
      config: agents,
      schema: {
        params: SessionParamsSchema,
        // `agent` is the desk's: the console writes as the signed-in operator.
        body: AgentMessageRequestSchema,
        response: { 201: ConversationMessageSchema, ...errors },
      },
    },
    async (request, reply): Promise<ConversationMessage> => {
      const { session, actor } = await conversationFor(request, request.params.id);
      const message = await context.conversations.agentMessage(session, actor, request.body.text);
      void reply.status(201);
      return message;
    },
  );

  app.get<{ Params: { id: string } }>(
    "/console/conversations/:id/transfer-targets",
    {
      config: agents,
      schema: {
        params: SessionParamsSchema,
        response: { 200: Type.Array(TransferTargetSchema), ...errors },
      },
    },
    async (request): Promise<TransferTarget[]> => {
      const { session, actor } = await conversationFor(request, request.params.id);
      const me = actor.kind === "operator" ? actor.operator.operatorId : null;
      const since = new Date(Date.now() - inboxPresenceMs).toISOString();
      const online = await context.store.operators.idsInInboxSince(since);
      return (await context.store.operators.list())
        .filter((operator) => operator.operatorId !== me)
        .filter((operator) => operatorCovers(operator, session.experienceId))
        .map((operator) => ({
          operatorId: operator.operatorId,
          displayName: operator.displayName,
          online: online.has(operator.operatorId),
        }))
        .sort(
          (first, second) =>
            Number(second.online) - Number(first.online) ||
            first.displayName.localeCompare(second.displayName),
        );
    },
  );

  app.post<{ Params: { id: string }; Body: TransferConversationRequest }>(
    "/console/conversations/:id/transfer",
    {
      config: agents,
      schema: {
        params: SessionParamsSchema,
        body: TransferConversationRequestSchema,
        response: { 200: ConversationStatusSchema, ...errors },
      },
    },
    async (request): Promise<ConversationStatus> => {
      const { session, actor } = await conversationFor(request, request.params.id);
      const target = await context.store.operators.get(request.body.operatorId);
      if (!target) throw new ApiError("VALIDATION_FAILED", "No such operator to transfer to.");
      const { passwordHash: _passwordHash, ...operator } = target;
      return statusOf(await context.conversations.transfer(session, actor, operator));
    },
  );

  app.post<{ Params: { id: string }; Body: EndConversationRequest }>(
    "/console/conversations/:id/end",
    {
      config: agents,
      schema: {
        params: SessionParamsSchema,
        body: EndConversationRequestSchema,
        response: { 200: ConversationStatusSchema, ...errors },
      },
    },
    async (request): Promise<ConversationStatus> => {
      const { session, actor } = await conversationFor(request, request.params.id);
      return statusOf(await context.conversations.end(session, actor, request.body.to));
    },
  );
}
