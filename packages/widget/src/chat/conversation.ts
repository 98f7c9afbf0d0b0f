import { batch, type ReadonlySignal } from "@preact/signals-core";
import type { InterceptorContext } from "@nexus-chat/protocol";
import type { Settings } from "../config/resolve-settings.js";
import type { ChatStore } from "../state/chat-store.js";
import type { ApiClient } from "../transport/api-client.js";
import { streamQuery } from "../transport/query-stream.js";
import { RequestError } from "../transport/request-error.js";
import { runInterceptor } from "./run-interceptor.js";
import { openSessionChannel, type ChannelState } from "../transport/session-channel.js";
import type { InFlightAnswer, InFlightRecord } from "../state/in-flight-answer.js";
import {
  answerPatch,
  emptyAnswer,
  reduceAnswer,
  type AnswerEffect,
  type AnswerState,
} from "./answer-stream.js";
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
  /** Remembers the answer in flight across reloads. */
  inFlight?: InFlightRecord;
  /**
   * The session channel's state changed (`resuming`: while following an answer); `online`
   * with `resuming` false when the answer it followed ended.
   */
  onConnectionChange?(state: ChannelState, resuming: boolean): void;
  /** Called before a message is sent (the typing events end there). */
  beforeSend(): void;
  disposed(): boolean;
}

type Outgoing = { text: string; metadata?: Record<string, unknown> };

/** Failed connections in a row after which a dropped answer is given up (about 4 to 8 s). */
const resumeAttempts = 5;

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

  /** Reports an answer's effect: events, the session, the live region. */
  function applyEffect(
    effect: AnswerEffect,
    context: { messageId: string; started: number; metadata?: Outgoing["metadata"] },
    report: { chunk: boolean },
  ): void {
    switch (effect.kind) {
      case "started":
        if (active?.messageId === context.messageId) {
          active.queryId = effect.queryId;
          active.sessionId = effect.sessionId;
        }
        if (effect.sessionId && effect.sessionId !== store.sessionId.value) {
          session.establish(effect.sessionId, context.metadata);
        }
        break;
      case "chunk":
        if (report.chunk) emit("messageChunk", { chunk: effect.delta, queryId: effect.queryId });
        break;
      case "completed":
        emit("messageComplete", {
          answer: effect.answer,
          queryId: effect.queryId,
          duration: Date.now() - context.started,
          messageId: context.messageId,
        });
        options.announce(effect.answer);
        options.onAnswerComplete?.(context.messageId, effect.answer);
        break;
      case "failed":
        reportError("backend", effect.message, {
          details: { code: effect.code, retryable: effect.retryable, queryId: effect.queryId },
        });
        break;
    }
  }

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
    /** Frames of the answer's stream seen so far (the server numbers them the same way). */
    let seq = 0;
    const context = { messageId, started, metadata };
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
            seq += 1;
            const step = reduceAnswer(answer, frame);
            const patch = answerPatch(answer, step.state);
            answer = step.state;
            if (patch) store.updateMessage(messageId, patch);
            if (step.effect) applyEffect(step.effect, context, { chunk: true });
            if (frame.type === "query-start") {
              options.inFlight?.start({
                messageId,
                queryId: frame.queryId,
                sessionId: frame.sessionId,
                seq,
              });
            } else options.inFlight?.progress(seq);
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
      const dropped =
        error instanceof RequestError && error.type === "network" && answer.queryId !== "";
      // The server goes on with an answer whose connection dropped: follow it on the channel.
      const outcome = dropped
        ? await follow(answer, { messageId, started, seq, reported: seq, metadata }, abort)
        : "failed";
      if (outcome === "failed") {
        store.updateMessage(messageId, { status: answer.text ? "interrupted" : "error" });
        reportError.request(error);
      }
    } finally {
      options.inFlight?.clear();
      if (active?.messageId === messageId) {
        active = undefined;
        store.isStreaming.value = false;
      }
    }
  }

  /**
   * Follows an answer on the session channel from where it was (`seq` frames applied, `reported`
   * of them reported with events) to its end. Resolves `ended` (complete, stopped, or failed with
   * the server's error, already reported), `stopped` (this tab's Stop), or `failed` (the channel
   * could not be reached; nothing reported yet).
   */
  function follow(
    start: AnswerState,
    position: {
      messageId: string;
      started: number;
      seq: number;
      reported: number;
      metadata?: Outgoing["metadata"];
      /** Another tab asked: show the answer, fire no events (they fire in the asking tab). */
      observer?: boolean;
    },
    abort: AbortController,
  ): Promise<"ended" | "stopped" | "failed"> {
    const { messageId } = position;
    const queryId = start.queryId;
    const sessionId = active?.sessionId ?? store.sessionId.value;
    if (!sessionId) return Promise.resolve("failed");
    let answer = start;
    let seq = position.seq;
    const observer = position.observer === true;
    if (!observer) emit("messageResume", { queryId, resumedFrom: position.reported });
    return new Promise((resolve) => {
      let finished = false;
      const finish = (outcome: "ended" | "stopped" | "failed"): void => {
        if (finished) return;
        finished = true;
        close();
        abort.signal.removeEventListener("abort", onAbort);
        options.onConnectionChange?.(outcome === "failed" ? "offline" : "online", false);
        resolve(outcome);
      };
      const onAbort = (): void => {
        store.updateMessage(messageId, { status: "interrupted" });
        finish("stopped");
      };
      abort.signal.addEventListener("abort", onAbort, { once: true });
      const close = openSessionChannel(api, {
        sessionId,
        resumeQueryId: queryId,
        maxFailures: resumeAttempts,
        onGiveUp: () => finish("failed"),
        onState: (state) => options.onConnectionChange?.(state, true),
        onRefused: () => finish("failed"),
        onFrame(frame) {
          if (options.disposed() || frame.queryId !== queryId) return;
          if (frame.seq !== 0 && frame.seq <= seq) return;
          if (frame.seq !== 0) seq = frame.seq;
          if (frame.type === "query-stop") {
            store.updateMessage(messageId, { status: "interrupted" });
            return finish("ended");
          }
          const step = reduceAnswer(answer, frame);
          const patch = answerPatch(answer, step.state);
          answer = step.state;
          if (patch) store.updateMessage(messageId, patch);
          if (step.effect && !observer)
            applyEffect(step.effect, position, { chunk: frame.seq > position.reported });
          if (!observer) options.inFlight?.progress(Math.max(seq, position.reported));
          if (frame.type === "query-end" || frame.type === "error") finish("ended");
        },
      });
    });
  }

  /**
   * Resumes the answer that was streaming when the page went away (a reload), if the widget's
   * storage names one: its text is rebuilt from the session channel, and only the frames not
   * reported before the reload fire `messageChunk`.
   */
  function resumeAfterReload(): void {
    const record = options.inFlight?.read();
    if (!record) return;
    const message = store.findMessage(record.messageId);
    if (
      !message ||
      message.status !== "streaming" ||
      record.sessionId !== store.sessionId.value ||
      active
    ) {
      options.inFlight?.clear();
      return;
    }
    const abort = new AbortController();
    active = { abort, messageId: message.id, queryId: record.queryId, sessionId: record.sessionId };
    store.isStreaming.value = true;
    store.updateMessage(message.id, { text: "" });
    options.inFlight?.start(record);
    const start: AnswerState = { ...emptyAnswer, queryId: record.queryId };
    void follow(
      start,
      { messageId: message.id, started: Date.now(), seq: 0, reported: record.seq },
      abort,
    ).then((outcome) => {
      if (outcome === "failed") {
        store.updateMessage(message.id, {
          status: store.findMessage(message.id)?.text ? "interrupted" : "error",
        });
        reportError("network", "The answer could not be resumed.");
      }
      options.inFlight?.clear();
      if (active?.messageId === message.id) {
        active = undefined;
        store.isStreaming.value = false;
      }
    });
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
      store.feedback.value = {};
      store.usedActions.value = {};
      store.showWelcome.value = showWelcome;
    });
    sentQueries.clear();
  }

  /**
   * Shows an answer another tab of the same chat is receiving, as it grows (the other tab
   * announced it in the widget's storage). Events fire in the other tab only.
   */
  function followOtherTab(record: InFlightAnswer): void {
    const message = store.findMessage(record.messageId);
    if (
      options.disposed() ||
      active ||
      !message ||
      message.status !== "streaming" ||
      record.sessionId !== store.sessionId.value
    ) {
      return;
    }
    const abort = new AbortController();
    active = { abort, messageId: message.id, queryId: record.queryId, sessionId: record.sessionId };
    store.isStreaming.value = true;
    store.updateMessage(message.id, { text: "" });
    const start: AnswerState = { ...emptyAnswer, queryId: record.queryId };
    void follow(
      start,
      { messageId: message.id, started: Date.now(), seq: 0, reported: 0, observer: true },
      abort,
    ).then((outcome) => {
      if (outcome === "failed") store.updateMessage(message.id, { status: "interrupted" });
      if (active?.messageId === message.id) {
        active = undefined;
        store.isStreaming.value = false;
      }
    });
  }

  return {
    send,
    stop,
    retry,
    clear,
    resumeAfterReload,
    followOtherTab,
    isAnswering: (): boolean => active !== undefined,
  };
}
