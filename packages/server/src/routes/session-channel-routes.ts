import {
  resumeQueryParameter,
  type QueryStopResponse,
  type SessionChannelEvent,
} from "@nexus-chat/protocol";
import {
  ErrorEnvelopeSchema,
  IdSchema,
  QueryStopResponseSchema,
  UuidSchema,
} from "@nexus-chat/protocol/schemas";
import Type from "typebox";
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../app-context.js";
import { access } from "../auth/access-rule.js";
import { queryStopsChannel } from "../channel/channel-names.js";
import { runSessionChannel } from "../channel/session-channel.js";
import { ApiError } from "../http/api-error.js";
import { SseStream } from "../http/sse-stream.js";
import { loadSession } from "./sessions-access.js";

const errors = { "4xx": ErrorEnvelopeSchema };
/** A frame id: the session channel's ids are positive integers. */
const frameIdPattern = "^[0-9]{1,15}$";

const EventsQuerySchema = Type.Object({
  userId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  [resumeQueryParameter]: Type.Optional(IdSchema),
  /** For clients that cannot send the `Last-Event-ID` header on their first connection. */
  lastEventId: Type.Optional(Type.String({ pattern: frameIdPattern })),
});

interface EventsQuery {
  userId?: string;
  resume?: string;
  lastEventId?: string;
}

/** The `data:` of a frame sent with no id (it is not kept, so not a place to resume from). */
function frameData(event: SessionChannelEvent): string {
  const { type: _type, ...fields } = event;
  return JSON.stringify(fields);
}

/**
 * The session channel: `GET /sessions/:id/events` (server-sent events, resumable with
 * `Last-Event-ID` from any process) and `POST /sessions/:id/queries/:queryId/stop`, the explicit
 * stop of an answer (a dropped connection no longer stops one). Both are the session owner's
 * only, like every session route.
 */
export async function sessionChannelRoutes(
  app: FastifyInstance,
  context: AppContext,
): Promise<void> {
  const onRequest = context.rateLimit("sessions");

  app.get<{ Params: { id: string }; Querystring: EventsQuery }>(
    "/sessions/:id/events",
    {
      onRequest,
      config: access.experience("sessions:read", "query:execute"),
      schema: {
        params: Type.Object({ id: UuidSchema }),
        querystring: EventsQuerySchema,
        response: errors,
      },
    },
    async (request, reply) => {
      const session = await loadSession(context, request, request.params.id);
      const header = request.headers["last-event-id"];
      const lastEventIdText =
        typeof header === "string" && header !== "" ? header : request.query.lastEventId;
      if (lastEventIdText !== undefined && !new RegExp(frameIdPattern).test(lastEventIdText)) {
        throw new ApiError(
          "VALIDATION_FAILED",
          "Last-Event-ID must be a frame id of this channel.",
        );
      }
      if (!(request.headers.accept ?? "").includes("text/event-stream")) {
        throw new ApiError(
          "VALIDATION_FAILED",
          "The session channel is a server-sent events stream: send Accept: text/event-stream.",
        );
      }
      const resumeQueryId = request.query.resume;
      reply.hijack();
      const stream = new SseStream(reply.raw, reply.getHeaders(), context.heartbeatIntervalMs);
      try {
        await runSessionChannel(
          context.store.frames,
          context.coordination.messages,
          stream,
          session.sessionId,
          {
            lastEventId: lastEventIdText === undefined ? null : Number(lastEventIdText),
            resumeQueryId,
            // A channel opened during a hand-over starts with where it stands.
            opening: async () => {
              if (lastEventIdText !== undefined) return [];
              const record = await context.conversations.load(session.sessionId);
              if (record.state !== "queued" && record.state !== "agent") return [];
              const frame = await context.conversations.stateFrame(record);
              return [{ event: frame.type, data: JSON.stringify(frame) }];
            },
          },
          async () => {
            // The answer's frames are gone (it ended a while ago): its stored turn stands in.
            const turn =
              resumeQueryId === undefined
                ? undefined
                : await context.store.turns.get(resumeQueryId);
            const event: SessionChannelEvent =
              turn && turn.sessionId === session.sessionId
                ? {
                    type: "query-end",
                    queryId: turn.queryId,
                    answer: turn.answer,
                    duration: turn.duration ?? 0,
                    seq: 0,
                  }
                : {
                    type: "error",
                    queryId: resumeQueryId,
                    code: "QUERY_NOT_FOUND",
                    message: "No such answer in this session.",
                    retryable: false,
                    seq: 0,
                  };
            await stream.sendFrame({ event: event.type, data: frameData(event) });
          },
        );
      } catch (error) {
        request.log.error({ err: error }, "session channel failed");
      } finally {
        stream.end();
      }
      return reply;
    },
  );

  app.post<{ Params: { id: string; queryId: string } }>(
    "/sessions/:id/queries/:queryId/stop",
    {
      onRequest,
      config: access.experience("query:execute"),
      schema: {
        params: Type.Object({ id: UuidSchema, queryId: IdSchema }),
        response: { 202: QueryStopResponseSchema, ...errors },
      },
    },
    async (request, reply): Promise<QueryStopResponse> => {
      const session = await loadSession(context, request, request.params.id);
      const { queryId } = request.params;
      const live = context.liveAnswers.get(queryId);
      let status: QueryStopResponse["status"];
      if (live) {
        if (live.sessionId !== session.sessionId) throw new ApiError("QUERY_NOT_FOUND");
        live.stop("request");
        status = "stopping";
      } else {
        const state = await context.store.frames.answerState(session.sessionId, queryId);
        if (state === "running") {
          // Produced by another process: the one that holds it hears this and stops it.
          await context.coordination.messages.publish(queryStopsChannel, queryId);
          status = "stopping";
        } else {
          const turn = state === "ended" ? null : await context.store.turns.get(queryId);
          if (state === "unknown" && turn?.sessionId !== session.sessionId) {
            throw new ApiError("QUERY_NOT_FOUND");
          }
          status = "finished";
        }
      }
      void reply.status(202);
      return { queryId, status };
    },
  );
}
