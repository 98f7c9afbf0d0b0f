import { batch, type ReadonlySignal } from "@preact/signals-core";
import type { InterceptorContext } from "@nexus-chat/protocol";
import type { Settings } from "../config/resolve-settings.js";
import { noEarlierEvents, type ChatStore } from "../state/chat-store.js";
import type { ApiClient } from "../transport/api-client.js";
import { streamQuery } from "../transport/query-stream.js";
import { RequestError } from "../transport/request-error.js";
import { runInterceptor } from "./run-interceptor.js";
import { answerPatch, emptyAnswer, reduceAnswer, type AnswerEffect } from "./answer-stream.js";
import type { SessionPart } from "./session.js";
import type { Emit } from "./emit.js";
import type { ChatErrorReporter } from "./report-error.js";

export interface ConversationOptions {
  settings: ReadonlySignal<Settings>;
  store: ChatStore;
  api: ApiClient;
  emit: Emit;
  session: SessionPart;
  reportError: ChatErrorReporter;
  notice(key: "sessionEnded"): void;
  /** Puts an answer into the screen reader's live region. */
  announce(text: string): void;
  /** Called after an answer completed (read-aloud's auto-play hooks in here). */
  onAnswerComplete?(messageId: string, text: string): void;
  /** Called before a message is sent (the typing events end there). */
  beforeSend(): void;
  disposed(): boolean;
}

type Outgoing = { text: string; metadata?: Record<string, unknown> };

export type Conversation = ReturnType<typeof createConversation>;

/** Questions and answers: sending (through the interceptor), streaming, stopping, retrying. */
export function createConversation(options: ConversationOptions) {
  const { store, api, emit, session, reportError } = options;
  const settings = (): Settings => options.settings.value;
  let active:
    { abort: AbortController; messageId: string; queryId?: string; sessionId?: string } | undefined;
  /** What was actually sent for an answer (after the interceptor), for Retry. */
  const sentQueries = new Map<string, Outgoing>();

  const interceptorContext = (): InterceptorContext => ({
    sessionId: store.sessionId.value,
    experienceId: settings().experienceId,
    userId: settings().userId,
    store: { events: store.events, addEvent: (event) => void store.addEvent(event) },
  });

  async function query(text: string, metadata: Outgoing["metadata"], resumed = false) {
    const started = Date.now();
    const messageId = store.addEvent({
      type: "message",
      role: "assistant",
      text: "",
      status: "streaming",
    }).id;
    sentQueries.set(messageId, { text, metadata });
    const abort = new AbortController();
    active = { abort, messageId };
    store.isStreaming.value = true;
    await session.ready();
    const sessionId = store.sessionId.value;
    let answer = emptyAnswer;
    const apply = (effect: AnswerEffect): void => {
      switch (effect.kind) {
        case "started":
          if (active?.messageId === messageId) {
            active.queryId = effect.queryId;
            active.sessionId = effect.sessionId;
          }
          if (effect.sessionId && effect.sessionId !== store.sessionId.value) {
            session.establish(effect.sessionId, metadata);
          }
          break;
        case "chunk":
          emit("messageChunk", { chunk: effect.delta, queryId: effect.queryId });
          break;
        case "completed":
          emit("messageComplete", {
            answer: effect.answer,
            queryId: effect.queryId,
            duration: Date.now() - started,
            messageId,
          });
          options.announce(effect.answer);
          options.onAnswerComplete?.(messageId, effect.answer);
          break;
        case "failed":
          reportError("backend", effect.message, {
            details: { code: effect.code, retryable: effect.retryable, queryId: effect.queryId },
          });
          break;
      }
    };
    try {
      const outcome = await streamQuery(
        api,
        {
          text,
          experienceId: settings().experienceId,
          sessionId: sessionId ?? undefined,
          userId: settings().userId,
          metadata,
        },
        {
          signal: abort.signal,
          idleTimeout: settings().requestTimeout,
          language: settings().language.locale,
          onEvent(frame) {
            if (options.disposed()) return;
            const step = reduceAnswer(answer, frame);
            const patch = answerPatch(answer, step.state);
            answer = step.state;
            if (patch) store.updateMessage(messageId, patch);
            if (step.effect) apply(step.effect);
          },
        },
      );
      if (outcome === "stopped") store.updateMessage(messageId, { status: "interrupted" });
    } catch (error) {
      if (options.disposed()) return;
      const code = error instanceof RequestError ? error.details?.code : undefined;
      if (sessionId && !resumed && (code === "SESSION_ENDED" || code === "SESSION_NOT_FOUND")) {
        // The server ended the session (expiry, another tab, an operator): start a fresh one.
        store.removeEvent(messageId);
        sentQueries.delete(messageId);
        session.end(false);
        options.notice("sessionEnded");
        active = undefined;
        return query(text, metadata, true);
      }
      store.updateMessage(messageId, { status: answer.text ? "interrupted" : "error" });
      reportError.request(error);
    } finally {
      if (active?.messageId === messageId) {
        active = undefined;
        store.isStreaming.value = false;
      }
    }
  }

  /** Sends a user message (the input, `sendMessage`, a `send_query` action, or a retry). */
  async function send(
    text: string,
    metadata?: Record<string, unknown>,
    displayText?: string,
    existingMessageId?: string,
  ): Promise<void> {
    if (options.disposed() || typeof text !== "string" || !text.trim()) return;
    options.beforeSend();
    stop();
    const userMessageId =
      existingMessageId ??
      store.addEvent({
        type: "message",
        role: "user",
        text: displayText ?? text,
        status: "complete",
        metadata,
      }).id;
    if (existingMessageId) store.updateMessage(userMessageId, { status: "complete" });
    let outgoing: Outgoing = { text, metadata };
    const interceptor = settings().interceptor;
    if (interceptor) {
      const started = Date.now();
      try {
        const outcome = await runInterceptor(
          interceptor,
          text,
          metadata,
          interceptorContext(),
          settings().interceptorTimeout,
        );
        if (options.disposed()) return;
        if (outcome.kind === "reply") {
          emit("messageStart", { message: text, metadata });
          const reply = store.addEvent({
            type: "message",
            role: "assistant",
            text: outcome.reply.text,
            status: "complete",
            actions: outcome.reply.actions,
          });
          emit("messageComplete", {
            answer: outcome.reply.text,
            queryId: `local-${reply.id}`,
            duration: Date.now() - started,
            messageId: reply.id,
          });
          options.announce(outcome.reply.text);
          return;
        }
        outgoing = { text: outcome.text, metadata: outcome.metadata };
      } catch (error) {
        if (options.disposed()) return;
        store.updateMessage(userMessageId, { status: "error" });
        reportError("interceptor", (error as Error)?.message ?? String(error), {
          stack: (error as Error)?.stack,
        });
        return;
      }
    }
    emit("messageStart", { message: outgoing.text, metadata: outgoing.metadata });
    await query(outgoing.text, outgoing.metadata);
  }

  /**
   * Stops the answer being streamed, keeping what arrived. The server is told explicitly: a
   * dropped connection no longer stops an answer (it goes on, to be resumed after a reload).
   */
  function stop(): void {
    if (active?.queryId && active.sessionId) {
      const path = `/sessions/${encodeURIComponent(active.sessionId)}/queries/${encodeURIComponent(active.queryId)}/stop`;
      // keepalive: a Stop right before the page goes away still reaches the server.
      api.request("POST", path, {}, true).catch(() => undefined);
    }
    active?.abort.abort();
    active = undefined;
    store.isStreaming.value = false;
  }

  /** Sends a failed message (user) or a failed answer's question (assistant) again. */
  function retry(messageId: string): void {
    const message = store.findMessage(messageId);
    if (!message) return;
    if (message.role === "user") {
      void send(message.text, message.metadata, undefined, message.id);
      return;
    }
    const sent = sentQueries.get(messageId) ?? previousUserText(messageId);
    if (!sent) return;
    store.removeEvent(messageId);
    sentQueries.delete(messageId);
    emit("messageStart", { message: sent.text, metadata: sent.metadata });
    void query(sent.text, sent.metadata);
  }

  const previousUserText = (messageId: string): Outgoing | undefined => {
    const events = store.events.value;
    const index = events.findIndex((event) => event.id === messageId);
    for (let position = index - 1; position >= 0; position--) {
      const event = events[position];
      if (event?.type === "message" && event.role === "user") return { text: event.text };
    }
    return undefined;
  };

  /** Empties the transcript (the session is the caller's business). */
  function clear(showWelcome: boolean): void {
    batch(() => {
      store.events.value = [];
      store.earlier.value = noEarlierEvents;
      store.feedback.value = {};
      store.usedActions.value = {};
      store.showWelcome.value = showWelcome;
    });
    sentQueries.clear();
  }

  return { send, stop, retry, clear, isAnswering: (): boolean => active !== undefined };
}
