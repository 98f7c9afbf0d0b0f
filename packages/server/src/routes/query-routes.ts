import { randomUUID } from "node:crypto";
import type { QueryRequest, StreamEvent } from "@nexus-chat/protocol";
import {
  ErrorEnvelopeSchema,
  QueryRequestSchema,
  QueryResponseSchema,
} from "@nexus-chat/protocol/schemas";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../app-context.js";
import { AnswerFrameLog } from "../channel/answer-frame-log.js";
import type { StopReason } from "../channel/live-answers.js";
import { collectAnswer } from "../engine/collect-answer.js";
import { access } from "../auth/access-rule.js";
import { visitorLanguage } from "../engine/visitor-texts.js";
import { ApiError } from "../http/api-error.js";
import { SseStream } from "../http/sse-stream.js";
import { isDatabaseUnavailable } from "../store/database-errors.js";
import {
  announceSessionSecret,
  assertUsable,
  assertValidUserId,
  loadSession,
} from "./sessions-access.js";

/** Earlier turns an engine sees. */
const historyLength = 5;

async function resolveSession(
  context: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  body: QueryRequest,
) {
  const experience = await context.store.experiences.get(body.experienceId);
  if (!experience) throw new ApiError("EXPERIENCE_NOT_FOUND");
  await context.access.authorize(request, { experience });
  if (body.sessionId === undefined) {
    assertValidUserId(body.userId);
    const session = await context.store.sessions.create({
      sessionId: randomUUID(),
      experienceId: experience.id,
      userId: body.userId,
    });
    const sessionSecret = announceSessionSecret(context, reply, session.sessionId);
    return { experience, session, isNew: true, sessionSecret };
  }
  const session = await loadSession(context, request, body.sessionId, body.userId);
  if (session.experienceId !== experience.id) throw new ApiError("SESSION_NOT_FOUND");
  assertUsable(session);
  // While a person holds the conversation (or the visitor waits for one) the widget sends to
  // POST /sessions/:id/messages; this catches clients that do not know about hand-overs yet.
  const conversationState = await context.store.conversations.stateOf(session.sessionId);
  if (conversationState === "queued" || conversationState === "agent")
    throw new ApiError("CONVERSATION_WITH_AGENT");
  return { experience, session, isNew: false, sessionSecret: undefined };
}

/** `POST /query`: an answer, streamed as SSE when the client accepts it, else one JSON body. */
export async function queryRoutes(app: FastifyInstance, context: AppContext): Promise<void> {
  app.post<{ Body: QueryRequest }>(
    "/query",
    {
      onRequest: context.rateLimit("query"),
      config: access.experience("query:execute"),
      schema: {
        body: QueryRequestSchema,
        response: { 200: QueryResponseSchema, "4xx": ErrorEnvelopeSchema },
      },
    },
    async (request, reply) => {
      // Tracked so that closing the app waits until this answer is stored.
      const work = answer(request, reply);
      context.answersInFlight.add(work);
      try {
        return await work;
      } finally {
        context.answersInFlight.delete(work);
      }
    },
  );

  async function answer(request: FastifyRequest<{ Body: QueryRequest }>, reply: FastifyReply) {
    const startedAt = performance.now();
    const body = request.body;
    const { experience, session, isNew, sessionSecret } = await resolveSession(
      context,
      request,
      reply,
      body,
    );
    // A session created just now already has this activity time and user, and no turns: two
    // round trips saved on every first question.
    if (!isNew) {
      await context.store.sessions.touch(
        session.sessionId,
        session.userId === null ? body.userId : undefined,
      );
    }
    const history = isNew
      ? []
      : (await context.store.turns.listForSession(session.sessionId))
          .filter((turn) => turn.status !== "error")
          .slice(-historyLength)
          .map((turn) => ({ query: turn.query, answer: turn.answer }));
    const queryId = randomUUID();
    const createdAt = new Date().toISOString();
    const wantsStream = (request.headers.accept ?? "").includes("text/event-stream");

    let stream: SseStream | null = null;
    let frameLog: AnswerFrameLog | null = null;
    const controller = new AbortController();
    let stopReason: StopReason | "detached" | null = null;
    const stop = (reason: StopReason | "detached"): void => {
      stopReason ??= reason;
      controller.abort();
    };
    let detachedTimer: NodeJS.Timeout | undefined;
    if (wantsStream) {
      reply.hijack();
      stream = new SseStream(reply.raw, reply.getHeaders(), context.heartbeatIntervalMs);
      frameLog = new AnswerFrameLog(
        context.frameWriter,
        session.sessionId,
        queryId,
        { worker: context.worker, query: body.text },
        (error) => request.log.warn({ err: error }, "could not write the session channel"),
      );
      // A dropped connection is not a stop (that is an explicit request): the answer goes on,
      // for a while, on the session channel, where the visitor resumes it.
      stream.signal.addEventListener(
        "abort",
        () => {
          detachedTimer = setTimeout(() => stop("detached"), context.detachedAnswerLimitMs);
          detachedTimer.unref();
        },
        { once: true },
      );
    } else {
      reply.raw.on("close", () => {
        if (!reply.raw.writableFinished) controller.abort();
      });
    }
    const forget = context.liveAnswers.add(queryId, { sessionId: session.sessionId, stop });
    const send = async (event: StreamEvent): Promise<void> => {
      frameLog?.push(event);
      if (stream) await stream.send(event);
    };

    await send({ type: "query-start", queryId, sessionId: session.sessionId });
    const outcome = await collectAnswer(
      context.engines.for(experience),
      {
        experience,
        sessionId: session.sessionId,
        query: body.text,
        history,
        streaming: wantsStream,
        signal: controller.signal,
        language: visitorLanguage(request.headers["accept-language"], experience),
      },
      startedAt,
      (part) => send({ ...part, queryId }),
      (error) => request.log.error({ err: error }, "answer engine failed"),
      // The retrieval engine answers with stored passages, filtered when they were imported.
      experience.engine === "retrieval" ? undefined : context.links,
    );

    try {
      await context.store.turns.save({
        queryId,
        sessionId: session.sessionId,
        experienceId: experience.id,
        query: body.text,
        answer: outcome.answer,
        sources: outcome.sources,
        actions: outcome.actions,
        status: outcome.status,
        createdAt,
        timeToFirstDelta: outcome.timeToFirstDelta,
        duration: outcome.duration,
        confidence: outcome.confidence,
        answered: outcome.answered,
        metadata: body.metadata,
      });
    } catch (error) {
      // The answer cannot be rated or shown in the transcript later: report it as a failure, a
      // retryable one when the storage failed (logged once per outage by the monitor).
      if (context.storage.report(error) || isDatabaseUnavailable(error)) {
        outcome.error ??= new ApiError("UNAVAILABLE");
      } else {
        request.log.error({ err: error }, "could not store the turn");
        outcome.error ??= new ApiError("INTERNAL");
      }
    }

    forget();
    clearTimeout(detachedTimer);
    if (stream) {
      try {
        if (stopReason === "request" || stopReason === "detached") {
          // Only the channel hears of it: the visitor's own stream is gone or was stopped.
          frameLog?.push({ type: "query-stop", queryId, answer: outcome.answer });
        } else if (stopReason === "shutdown") {
          await send({
            type: "error",
            queryId,
            code: "UNAVAILABLE",
            message: "The server is restarting; ask again in a moment.",
            retryable: true,
          });
        } else if (outcome.error) {
          await send({
            type: "error",
            queryId,
            code: outcome.error.code,
            message: outcome.error.message,
            retryable: outcome.error.retryable,
          });
        } else if (outcome.status === "complete") {
          await send({
            type: "query-end",
            queryId,
            answer: outcome.answer,
            duration: outcome.duration,
            confidence: outcome.confidence,
            // Engines that do not judge their answers are taken to have answered.
            answered: outcome.answered ?? true,
          });
        }
      } finally {
        stream.end();
        await frameLog?.close();
      }
      return reply;
    }
    if (outcome.error) throw outcome.error;
    return {
      queryId,
      sessionId: session.sessionId,
      answer: outcome.answer,
      sources: outcome.sources,
      actions: outcome.actions,
      duration: outcome.duration,
      ...(sessionSecret === undefined ? {} : { sessionSecret }),
      confidence: outcome.confidence,
      answered: outcome.answered ?? true,
    };
  }
}
