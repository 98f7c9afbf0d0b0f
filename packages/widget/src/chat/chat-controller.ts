import { batch, type ReadonlySignal } from "@preact/signals-core";
import type {
  ActionButton,
  FeedbackRating,
  InterceptorContext,
  Session,
  SessionStatusResponse,
  TranscriptMessage,
  WidgetErrorType,
} from "@nexus-chat/protocol";
import type { Settings } from "../config/resolve-settings.js";
import type { ChatStore, FeedbackState } from "../state/chat-store.js";
import { newId } from "../state/new-id.js";
import type { ApiClient } from "../transport/api-client.js";
import { streamQuery } from "../transport/query-stream.js";
import { RequestError } from "../transport/request-error.js";
import { navigableProtocols, parseLink } from "../render/link-params.js";
import { runInterceptor } from "./run-interceptor.js";
import type { Emit } from "./emit.js";
import { speechText } from "../render/load-markdown.js";

export interface ChatControllerOptions {
  settings: ReadonlySignal<Settings>;
  store: ChatStore;
  api: ApiClient;
  emit: Emit;
  /** Copies text to the clipboard; resolves to whether it worked. */
  writeClipboard(text: string): Promise<boolean>;
  /** Called after an answer completed (read-aloud's auto-play hooks in here). */
  onAnswerComplete?(messageId: string, text: string): void;
}

/** What the UI and the instance API ask of the chat. */
export type ChatController = ReturnType<typeof createChatController>;

const typingPause = 1000;

/** Sessions, queries, the interceptor, feedback, actions and links: the chat's behaviour. */
export function createChatController(options: ChatControllerOptions) {
  const { store, api, emit } = options;
  const settings = (): Settings => options.settings.value;
  let active: { abort: AbortController; messageId: string } | undefined;
  /** What was actually sent for an answer (after the interceptor), for Retry. */
  const sentQueries = new Map<string, { text: string; metadata?: Record<string, unknown> }>();
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let typingText: string | undefined;
  let disposed = false;
  /** The `POST /sessions` of `startNewSession`: a query waits for it, or the server would not know the id. */
  let sessionCreated: Promise<unknown> = Promise.resolve();

  const reportError = (
    type: WidgetErrorType,
    message: string,
    extra: { stack?: string; details?: Record<string, unknown> } = {},
  ): void => emit("error", { type, message, ...extra });

  const reportRequestError = (error: unknown): void => {
    if (error instanceof RequestError) {
      reportError(
        error.type,
        error.message,
        error.details ? { details: { ...error.details } } : {},
      );
    } else {
      reportError("unknown", String((error as Error)?.message ?? error), {
        stack: (error as Error)?.stack,
      });
    }
  };

  const notice = (text: string, level: "info" | "error" = "info"): void => {
    if (settings().showNotices) store.addEvent({ type: "notice", text, level });
  };

  const establishSession = (sessionId: string, metadata: Record<string, unknown> = {}): void => {
    batch(() => {
      store.sessionId.value = sessionId;
      store.sessionStartedAt.value = Date.now();
    });
    emit("sessionStart", { sessionId, metadata });
  };

  /** Ends the current session: `sessionEnd`, and tells the server unless it ended it itself. */
  const endSession = (tellServer: boolean): void => {
    const sessionId = store.sessionId.value;
    if (!sessionId) return;
    const startedAt = store.sessionStartedAt.value ?? Date.now();
    batch(() => {
      store.sessionId.value = null;
      store.sessionStartedAt.value = null;
    });
    emit("sessionEnd", {
      sessionId,
      duration: Math.max(0, Date.now() - startedAt),
      messageCount: store.messageCount(),
    });
    if (tellServer) {
      api
        .request<Session>("POST", `/sessions/${encodeURIComponent(sessionId)}/end`, {}, true)
        .catch(() => undefined);
    }
  };

  const interceptorContext = (): InterceptorContext => ({
    sessionId: store.sessionId.value,
    experienceId: settings().experienceId,
    userId: settings().userId,
    store: { events: store.events, addEvent: (event) => void store.addEvent(event) },
  });

  /** Puts the answer's plain text (not its markdown) into the live region, once. */
  const announce = (text: string): void => {
    const line = `${settings().branding.assistantName}: ${speechText(text)}`;
    // An unchanged live region is not read again: a repeated answer gets an invisible difference.
    store.announcement.value = line === store.announcement.value ? line + "\u200b" : line;
  };

  const stopTyping = (): void => {
    clearTimeout(typingTimer);
    if (typingText !== undefined) emit("typingStop", { finalText: typingText });
    typingText = undefined;
  };

  async function query(
    text: string,
    metadata: Record<string, unknown> | undefined,
    resumed = false,
  ) {
    const started = Date.now();
    const assistant = store.addEvent({
      type: "message",
      role: "assistant",
      text: "",
      status: "streaming",
    });
    const messageId = assistant.id;
    sentQueries.set(messageId, { text, metadata });
    const abort = new AbortController();
    active = { abort, messageId };
    store.isStreaming.value = true;
    await sessionCreated;
    const sessionId = store.sessionId.value;
    let answer = "";
    let queryId = "";
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
          onEvent(event) {
            if (disposed) return;
            switch (event.type) {
              case "query-start":
                queryId = event.queryId;
                store.updateMessage(messageId, { queryId });
                if (event.sessionId && event.sessionId !== store.sessionId.value) {
                  establishSession(event.sessionId, metadata);
                }
                break;
              case "text-delta":
                answer += event.delta;
                store.updateMessage(messageId, { text: answer });
                emit("messageChunk", { chunk: event.delta, queryId: event.queryId });
                break;
              case "sources":
                store.updateMessage(messageId, { sources: event.sources });
                break;
              case "actions":
                store.updateMessage(messageId, { actions: event.actions });
                break;
              case "query-end":
                answer = event.answer;
                store.updateMessage(messageId, { text: answer, status: "complete" });
                emit("messageComplete", {
                  answer,
                  queryId: event.queryId,
                  duration: Date.now() - started,
                  messageId,
                });
                announce(answer);
                options.onAnswerComplete?.(messageId, answer);
                break;
              case "error":
                store.updateMessage(messageId, { status: answer ? "interrupted" : "error" });
                reportError("backend", event.message, {
                  details: { code: event.code, retryable: event.retryable, queryId: event.queryId },
                });
                break;
            }
          },
        },
      );
      if (outcome === "stopped") store.updateMessage(messageId, { status: "interrupted" });
    } catch (error) {
      if (disposed) return;
      const code = error instanceof RequestError ? error.details?.code : undefined;
      if (sessionId && !resumed && (code === "SESSION_ENDED" || code === "SESSION_NOT_FOUND")) {
        // The server ended the session (expiry, another tab, an operator): start a fresh one.
        store.removeEvent(messageId);
        sentQueries.delete(messageId);
        endSession(false);
        notice("The previous conversation ended.");
        active = undefined;
        return query(text, metadata, true);
      }
      store.updateMessage(messageId, { status: answer ? "interrupted" : "error" });
      reportRequestError(error);
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
    if (disposed || typeof text !== "string" || !text.trim()) return;
    stopTyping();
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
    let outgoing = { text, metadata };
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
        if (disposed) return;
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
          announce(outcome.reply.text);
          return;
        }
        outgoing = { text: outcome.text, metadata: outcome.metadata };
      } catch (error) {
        if (disposed) return;
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

  /** Stops the answer being streamed, keeping what arrived. */
  function stop(): void {
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

  const previousUserText = (
    messageId: string,
  ): { text: string; metadata?: Record<string, unknown> } | undefined => {
    const events = store.events.value;
    const index = events.findIndex((event) => event.id === messageId);
    for (let position = index - 1; position >= 0; position--) {
      const event = events[position];
      if (event?.type === "message" && event.role === "user") return { text: event.text };
    }
    return undefined;
  };

  const clearTranscript = (showWelcome: boolean): number => {
    const count = store.messageCount();
    batch(() => {
      store.events.value = [];
      store.feedback.value = {};
      store.usedActions.value = {};
      store.showWelcome.value = showWelcome;
    });
    sentQueries.clear();
    return count;
  };

  function clearChat(): void {
    stop();
    const sessionId = store.sessionId.value;
    const messageCount = store.messageCount();
    emit("sessionClear", { sessionId, messageCount });
    endSession(true);
    clearTranscript(false);
  }

  function startNewSession(requestedId?: string): string {
    const sessionId = typeof requestedId === "string" && requestedId ? requestedId : newId();
    stop();
    const messageCount = store.messageCount();
    if (messageCount > 0) emit("sessionClear", { sessionId: store.sessionId.value, messageCount });
    endSession(true);
    clearTranscript(true);
    establishSession(sessionId);
    sessionCreated = api
      .request<Session>("POST", "/sessions", {
        experienceId: settings().experienceId,
        sessionId,
        userId: settings().userId,
      })
      .catch(reportRequestError);
    return sessionId;
  }

  /** Asks the server whether the stored session is still active (when the window opens). */
  async function checkSession(): Promise<void> {
    const sessionId = store.sessionId.value;
    if (!sessionId || active) return;
    try {
      const status = await api.request<SessionStatusResponse>(
        "GET",
        `/sessions/${encodeURIComponent(sessionId)}/status`,
      );
      if (status.status !== "active" && store.sessionId.value === sessionId && !disposed) {
        endSession(false);
        notice("This conversation has ended.");
      }
    } catch (error) {
      if (
        error instanceof RequestError &&
        error.details?.code === "SESSION_NOT_FOUND" &&
        !disposed
      ) {
        endSession(false);
      }
    }
  }

  async function rate(message: TranscriptMessage, rating: FeedbackRating, comment?: string) {
    const sessionId = store.sessionId.value;
    if (!message.queryId || !sessionId) return;
    const update = (status: FeedbackState["status"], commentSent?: boolean) =>
      (store.feedback.value = {
        ...store.feedback.value,
        [message.id]: { rating, status, commentSent },
      });
    update("sending");
    emit("feedback", { rating, messageId: message.id, comment });
    try {
      await api.request("POST", "/query/feedback", {
        queryId: message.queryId,
        sessionId,
        rating,
        comment,
      });
      update("sent", !!comment);
    } catch (error) {
      update("failed");
      reportError("feedback", (error as Error).message, {
        details: { messageId: message.id, ...(error instanceof RequestError ? error.details : {}) },
      });
    }
  }

  async function copy(message: TranscriptMessage): Promise<void> {
    if (await options.writeClipboard(message.text)) {
      emit("copy", { content: message.text, messageId: message.id });
    } else {
      reportError("unknown", "Could not copy to the clipboard.");
    }
  }

  function runAction(messageId: string, button: ActionButton): void {
    const key = `${messageId}/${button.id}`;
    if (store.usedActions.value[key]) return;
    if (button.behavior?.oneTimeUse)
      store.usedActions.value = { ...store.usedActions.value, [key]: true };
    const action = button.action;
    switch (action.type) {
      case "trigger_handover": {
        const payload = action.payload ?? {};
        const handover = {
          reason: payload.reason ?? "user_requested",
          priority: payload.priority ?? "normal",
          metadata: payload.metadata,
        };
        emit("handover", handover);
        notice("An agent has been requested.");
        const sessionId = store.sessionId.value;
        if (sessionId) {
          api
            .request("POST", `/sessions/${encodeURIComponent(sessionId)}/handover`, handover)
            .catch(reportRequestError);
        }
        break;
      }
      case "send_event":
        emit("customAction", {
          eventName: action.eventName,
          eventData: action.eventData ?? {},
          actionId: button.id,
        });
        break;
      case "open_url": {
        const { protocol } = parseLink(action.url, location.href);
        if (!navigableProtocols.has(protocol)) {
          reportError("unknown", `Refused to open a ${protocol} URL.`);
        } else if (action.target === "_self") {
          location.assign(action.url);
        } else {
          open(action.url, "_blank", "noopener,noreferrer");
        }
        break;
      }
      case "send_query":
        void send(action.query, undefined, action.displayText);
        break;
    }
  }

  /** A click on a link inside an answer. Custom protocols never navigate. */
  function clickLink(event: MouseEvent, anchor: HTMLAnchorElement, message?: TranscriptMessage) {
    const href = anchor.getAttribute("href");
    if (href === null) {
      event.preventDefault();
      return;
    }
    const { protocol, params } = parseLink(href, location.href);
    const text = anchor.textContent ?? "";
    if (!navigableProtocols.has(protocol)) event.preventDefault();
    emit("linkClick", { href, text, protocol, params });
    api
      .request("POST", "/analytics/link-clicks", {
        experienceId: settings().experienceId,
        sessionId: store.sessionId.value,
        queryId: message?.queryId,
        href,
        text,
        protocol,
      })
      .catch(() => undefined);
    const handler = settings().protocolHandlers[protocol];
    if (handler && !navigableProtocols.has(protocol)) {
      try {
        handler(params, event);
      } catch (error) {
        console.error(`[nexus-chat] The "${protocol}" protocol handler threw:`, error);
      }
    }
  }

  function acceptDisclaimer(): void {
    if (store.disclaimerAccepted.value) return;
    store.disclaimerAccepted.value = true;
    emit("disclaimerAccept", { experienceId: settings().experienceId });
  }

  /** The input changed: `typing` now, `typingStop` after a pause. */
  function typed(text: string): void {
    if (!text) {
      stopTyping();
      return;
    }
    typingText = text;
    emit("typing", { text, length: text.length });
    clearTimeout(typingTimer);
    typingTimer = setTimeout(stopTyping, typingPause);
  }

  function dispose(): void {
    stop();
    clearTimeout(typingTimer);
    disposed = true;
  }

  return {
    send,
    stop,
    retry,
    clearChat,
    startNewSession,
    endSession,
    checkSession,
    rate,
    copy,
    runAction,
    clickLink,
    acceptDisclaimer,
    typed,
    dispose,
  };
}
