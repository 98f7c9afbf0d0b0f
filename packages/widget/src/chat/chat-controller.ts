import type { ReadonlySignal } from "@preact/signals-core";
import type { Settings } from "../config/resolve-settings.js";
import type { ChatStore } from "../state/chat-store.js";
import type { InFlightRecord } from "../state/in-flight-answer.js";
import type { ApiClient } from "../transport/api-client.js";
import type { AnalyticsReporter } from "../transport/analytics-reporter.js";
import { speechText } from "../render/load-markdown.js";
import type { Emit } from "./emit.js";
import { createErrorReporter } from "./report-error.js";
import { createSessionPart } from "./session.js";
import { createConversation } from "./conversation.js";
import { createActionsAndLinks } from "./actions-and-links.js";
import { createAnswerTools } from "./answer-tools.js";
import { createTyping } from "./typing.js";
import { createConnectionStatus } from "./connection-status.js";
import { createLivePart } from "./live-part.js";

export interface ChatControllerOptions {
  settings: ReadonlySignal<Settings>;
  store: ChatStore;
  api: ApiClient;
  emit: Emit;
  analytics: AnalyticsReporter;
  /** Copies text to the clipboard; resolves to whether it worked. */
  writeClipboard(text: string): Promise<boolean>;
  /** Called after an answer completed (read-aloud's auto-play hooks in here). */
  onAnswerComplete?(messageId: string, text: string): void;
  /** Remembers the answer in flight across reloads. */
  inFlight?: InFlightRecord;
  /** Where a reload finds a hand-over to a person in progress. */
  liveRecord?: { read(): string | null; write(value: string | null): void };
}

/** What the UI and the instance API ask of the chat. */
export type ChatController = ReturnType<typeof createChatController>;

/** Notices the chat adds to the transcript, by their string keys. */
const noticeKeys = {
  sessionEnded: "previousConversationEnded",
  conversationEnded: "conversationEnded",
  agentRequested: "agentRequested",
} as const;

/**
 * The chat's behaviour, as a list of parts: the session, the conversation (questions and
 * answers), actions and links, what a visitor does with an answer, and typing.
 */
export function createChatController(options: ChatControllerOptions) {
  const { store, emit } = options;
  const settings = (): Settings => options.settings.value;
  let disposed = false;
  const isDisposed = (): boolean => disposed;
  const reportError = createErrorReporter(emit);
  const notice = (key: keyof typeof noticeKeys): void => {
    if (settings().showNotices)
      store.addEvent({
        type: "notice",
        text: settings().language.strings[noticeKeys[key]],
        level: "info",
      });
  };
  const say = (line: string): void => {
    // An unchanged live region is not read again: a repeated line gets an invisible difference.
    store.announcement.value = line === store.announcement.value ? line + "\u200b" : line;
  };
  /** Puts the answer's plain text (not its markdown) into the live region, once. */
  const announce = (text: string): void =>
    say(`${settings().branding.assistantName}: ${speechText(text)}`);

  const session = createSessionPart({
    ...options,
    reportRequestError: reportError.request,
    notice,
    disposed: isDisposed,
  });
  const typing = createTyping(emit);
  const connection = createConnectionStatus(store, emit);
  const live = createLivePart({
    ...options,
    record: options.liveRecord,
    notice: (text) => {
      if (settings().showNotices) store.addEvent({ type: "notice", text, level: "info" });
    },
    announce: say,
    onClosed: () => session.end(false),
    // The live chunk's channel drives the same connection notice and `connectionChange`.
    onConnection: (state) => connection.report(state),
    disposed: isDisposed,
  });
  const conversation = createConversation({
    ...options,
    connection,
    session,
    reportError,
    notice,
    announce,
    beforeSend: typing.stop,
    disposed: isDisposed,
  });
  const links = createActionsAndLinks({
    ...options,
    reportError: (message) => reportError("unknown", message),
    send: (query, displayText) => void conversation.send(query, undefined, displayText),
    requestHandover: (handover) => {
      const sessionId = store.sessionId.value;
      void session
        .requestHandover(handover)
        .then((conversation) => sessionId && live.handedOver(sessionId, conversation));
    },
    notice,
    navigate: (url, target) =>
      target === "_self" ? location.assign(url) : open(url, "_blank", "noopener,noreferrer"),
    pageUrl: () => location.href,
  });
  const answerTools = createAnswerTools({ ...options, reportError });

  /** Sends the visitor's message: to the person while one is involved, else to the assistant. */
  function send(...args: Parameters<typeof conversation.send>): Promise<void> {
    const [text, , , existingMessageId] = args;
    if (!live.takesMessages() || typeof text !== "string" || !text.trim()) {
      return conversation.send(...args);
    }
    typing.stop();
    return live.send(text, existingMessageId);
  }

  function clearChat(): void {
    live.forget();
    conversation.stop();
    emit("sessionClear", { sessionId: store.sessionId.value, messageCount: store.messageCount() });
    session.end(true);
    conversation.clear(false);
  }

  function startNewSession(requestedId?: string): string {
    live.forget();
    conversation.stop();
    const messageCount = store.messageCount();
    if (messageCount > 0) emit("sessionClear", { sessionId: store.sessionId.value, messageCount });
    session.end(true);
    conversation.clear(true);
    return session.create(requestedId);
  }

  // A reload in the middle of a hand-over picks it up.
  live.resume();

  return {
    send,
    stop: conversation.stop,
    /** Resumes an answer the page was showing when it reloaded. */
    resumeAfterReload: conversation.resumeAfterReload,
    /** Shows an answer another tab is receiving. */
    followOtherTab: conversation.followOtherTab,
    retry(messageId: string): void {
      const message = store.findMessage(messageId);
      if (message?.role === "user" && live.takesMessages())
        void send(message.text, undefined, undefined, messageId);
      else conversation.retry(messageId);
    },
    /** The conversation with a person (its panel's state and buttons). */
    live,
    clearChat,
    startNewSession,
    endSession: session.end,
    /** Asks the server whether the stored session is still active (not while an answer streams). */
    checkSession: (): Promise<void> =>
      conversation.isAnswering() ? Promise.resolve() : session.check(),
    rate: answerTools.rate,
    copy: answerTools.copy,
    runAction: links.runAction,
    clickLink: links.clickLink,
    acceptDisclaimer(): void {
      if (store.disclaimerAccepted.value) return;
      store.disclaimerAccepted.value = true;
      emit("disclaimerAccept", { experienceId: settings().experienceId });
    },
    typed: typing.typed,
    dispose(): void {
      live.dispose();
      conversation.stop();
      typing.dispose();
      disposed = true;
    },
  };
}
