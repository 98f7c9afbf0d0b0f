import { batch, type ReadonlySignal } from "@preact/signals-core";
import type { InterceptorContext } from "@nexus-chat/protocol";
import type { Settings } from "../config/resolve-settings.js";
import { noEarlierEvents, type ChatStore } from "../state/chat-store.js";
import type { ApiClient } from "../transport/api-client.js";
import { streamQuery } from "../transport/query-stream.js";
import { RequestError } from "../transport/request-error.js";
import { runInterceptor } from "./run-interceptor.js";
import { openSessionChannel } from "../transport/session-channel.js";
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
import type { ConnectionStatus } from "./connection-status.js";

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
  /** The connection state the visitor sees and `connectionChange` reports. */
  connection?: ConnectionStatus;
  /** Called before a message is sent (the typing events end there). */
  beforeSend(): void;
  disposed(): boolean;
}

type Outgoing = { text: string; metadata?: Record<string, unknown> };

/**
 * How following an answer on the session channel ended: `ended` (complete, stopped elsewhere, or
 * failed with the server's error, already reported), `stopped` (this tab's Stop), `failed` (the
 * channel could not be reached, or refused) or `timeout` (connected, but no frame of the answer
 * for `requestTimeout`: the process producing it is gone). Nothing is reported for the last two.
 */
type FollowOutcome = "ended" | "stopped" | "failed" | "timeout";

/** Where {@link follow} takes an answer up. */
interface FollowPosition {
  messageId: string;
  /** When the answer was asked for (for `messageComplete.duration`). */
  started: number;
  /** Frames of the answer's stream already applied to the answer it starts from. */
  seq: number;
  /** Frames already reported with events (`messageChunk`); later ones are reported. */
  reported: number;
  metadata?: Outgoing["metadata"];
  /** Another tab asked: show the answer, fire no events (they fire in the asking tab). */
  observer?: boolean;
}

export type Conversation = ReturnType<typeof createConversation>;

/** Questions and answers: sending (through the interceptor), streaming, stopping, retrying. */
export function createConversation(options: ConversationOptions) {
  const { store, api, emit, session, reportError, connection } = options;
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

  const reportTimeout = (): void =>
    reportError("timeout", `No data for ${settings().requestTimeout} ms.`);

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
              connection?.report("online");
              const record = { messageId, queryId: frame.queryId, sessionId: frame.sessionId, seq };
              // After the chat's own save of this task (a new session is saved at its start), so
              // another tab that hears of the answer already has its message.
              queueMicrotask(() => {
                if (active?.messageId === messageId) options.inFlight?.start(record);
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
      if (dropped) connection?.report("reconnecting");
      const outcome = dropped
        ? await follow(answer, { messageId, started, seq, reported: seq, metadata }, abort)
        : "failed";
      if (outcome === "failed" || outcome === "timeout") {
        store.updateMessage(messageId, {
          status: store.findMessage(messageId)?.text ? "interrupted" : "error",
        });
        if (outcome === "timeout") reportTimeout();
        else reportError.request(error);
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
   * Follows an answer on the session channel from where this tab has it (`seq` frames applied
   * to `start`, `reported` of them reported with events) to its end. Resolves `ended` (complete,
   * stopped, or failed with the server's error, already reported), `stopped` (this tab's Stop) or
   * `failed` (the channel could not be reached in time; nothing reported).
   *
   * Frames that arrive together (a reload catches up on hundreds at once) change the transcript
   * once, at the end of the task, rather than once each; events still fire per frame.
   */
  function follow(
    start: AnswerState,
    position: FollowPosition,
    abort: AbortController,
  ): Promise<FollowOutcome> {
    const { messageId } = position;
    const queryId = start.queryId;
    const sessionId = active?.sessionId ?? store.sessionId.value;
    if (!sessionId) {
      connection?.closed();
      return Promise.resolve("failed");
    }
    let answer = start;
    let shown = start;
    let seq = position.seq;
    let resumed = false;
    let flushing = false;
    const observer = position.observer === true;
    const flush = (): void => {
      flushing = false;
      const patch = answerPatch(shown, answer);
      shown = answer;
      if (patch && !options.disposed()) store.updateMessage(messageId, patch);
    };
    return new Promise((resolve) => {
      let finished = false;
      const finish = (outcome: FollowOutcome): void => {
        if (finished) return;
        finished = true;
        clearInterval(watchdog);
        channel.close();
        abort.signal.removeEventListener("abort", onAbort);
        connection?.closed();
        resolve(outcome);
      };
      const onAbort = (): void => {
        flush();
        store.updateMessage(messageId, { status: "interrupted" });
        finish("stopped");
      };
      abort.signal.addEventListener("abort", onAbort, { once: true });
      // Like the answer's own stream, it fails after `requestTimeout` without news of the answer:
      // whether the channel cannot be reached (the network is down) or carries nothing of it
      // (the process that produced it died).
      const silenceLimit = settings().requestTimeout;
      let online = false;
      let lastFrameAt = Date.now();
      const watchdog = setInterval(
        () => {
          if (Date.now() - lastFrameAt >= silenceLimit) finish(online ? "timeout" : "failed");
        },
        Math.min(silenceLimit / 4, 1_000),
      );
      const channel = openSessionChannel(api, {
        sessionId,
        resumeQueryId: queryId,
        onRefused: () => finish("failed"),
        onState: (state) => {
          online = state === "online";
          connection?.report(state);
        },
        onFrame(frame) {
          if (options.disposed() || finished || !("seq" in frame) || frame.queryId !== queryId)
            return;
          lastFrameAt = Date.now();
          if (!resumed) {
            resumed = true;
            if (!observer) emit("messageResume", { queryId, resumedFrom: position.reported });
          }
          if (frame.seq !== 0 && frame.seq <= seq) return;
          if (frame.seq !== 0) seq = frame.seq;
          if (frame.type === "query-stop") {
            flush();
            store.updateMessage(messageId, { status: "interrupted" });
            return finish("ended");
          }
          const step = reduceAnswer(answer, frame);
          answer = step.state;
          const last = frame.type === "query-end" || frame.type === "error";
          if (last) flush();
          else if (!flushing) {
            flushing = true;
            queueMicrotask(flush);
          }
          if (step.effect && !observer) {
            applyEffect(step.effect, position, { chunk: frame.seq > position.reported });
          }
          if (!observer) options.inFlight?.progress(Math.max(seq, position.reported));
          if (last) finish("ended");
        },
      });
    });
  }

  /**
   * Takes up the answer the widget's storage names as in flight, if this page shows it as
   * streaming: after a reload of the tab that asked (its text is rebuilt from the session channel,
   * and only the frames not reported before the reload fire events), or in a tab opened while
   * another one receives it (shown only; events fire in the asking tab).
   */
  function resumeAfterReload(): void {
    const record = options.inFlight?.read();
    if (record) followAnswer(record, record.tabId === options.inFlight?.tabId);
  }

  /**
   * Shows an answer another tab of the same chat is receiving, as it grows (that tab wrote it to
   * the widget's storage). Events fire in the other tab only.
   */
  function followOtherTab(record: InFlightAnswer): void {
    followAnswer(record, false);
  }

  function followAnswer(record: InFlightAnswer, ownAnswer: boolean): void {
    const message = store.findMessage(record.messageId);
    if (
      options.disposed() ||
      active ||
      !message ||
      message.status !== "streaming" ||
      record.sessionId !== store.sessionId.value
    ) {
      if (ownAnswer) options.inFlight?.clear();
      return;
    }
    const abort = new AbortController();
    active = { abort, messageId: message.id, queryId: record.queryId, sessionId: record.sessionId };
    store.isStreaming.value = true;
    store.updateMessage(message.id, { text: "", queryId: record.queryId });
    if (ownAnswer) options.inFlight?.start(record);
    const start: AnswerState = { ...emptyAnswer, queryId: record.queryId };
    void follow(
      start,
      {
        messageId: message.id,
        started: Date.now(),
        seq: 0,
        reported: ownAnswer ? record.seq : 0,
        observer: !ownAnswer,
      },
      abort,
    ).then((outcome) => {
      if (outcome === "failed" || outcome === "timeout") {
        store.updateMessage(message.id, {
          status: store.findMessage(message.id)?.text ? "interrupted" : "error",
        });
        if (ownAnswer && outcome === "timeout") reportTimeout();
        else if (ownAnswer) reportError("network", "The answer could not be resumed.");
      }
      if (ownAnswer) options.inFlight?.clear();
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
      store.earlier.value = noEarlierEvents;
      store.feedback.value = {};
      store.usedActions.value = {};
      store.showWelcome.value = showWelcome;
    });
    sentQueries.clear();
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
