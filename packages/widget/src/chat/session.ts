import { batch, type ReadonlySignal } from "@preact/signals-core";
import type {
  ConversationStatus,
  HandoverResponse,
  Session,
  SessionStatusResponse,
} from "@nexus-chat/protocol";
import type { Settings } from "../config/resolve-settings.js";
import type { ChatStore } from "../state/chat-store.js";
import { newId } from "../state/new-id.js";
import type { ApiClient } from "../transport/api-client.js";
import { RequestError } from "../transport/request-error.js";
import type { Emit } from "./emit.js";

export interface SessionPartOptions {
  settings: ReadonlySignal<Settings>;
  store: ChatStore;
  api: ApiClient;
  emit: Emit;
  /** Reports a failed request as an `error` event. */
  reportRequestError(error: unknown): void;
  /** Adds a notice to the transcript (when notices are shown). */
  notice(key: "sessionEnded" | "conversationEnded"): void;
  /** Whether the widget is gone (late answers are then ignored). */
  disposed(): boolean;
}

/** The conversation's session: its start, its end, and whether the server still knows it. */
export type SessionPart = ReturnType<typeof createSessionPart>;

export function createSessionPart(options: SessionPartOptions) {
  const { store, api, emit } = options;
  const settings = (): Settings => options.settings.value;
  /** The `POST /sessions` of `startNewSession`: a query waits for it, or the server would not know the id. */
  let created: Promise<unknown> = Promise.resolve();

  /** Makes `sessionId` the current session and announces it with `sessionStart`. */
  function establish(sessionId: string, metadata: Record<string, unknown> = {}): void {
    batch(() => {
      store.sessionId.value = sessionId;
      store.sessionStartedAt.value = Date.now();
    });
    emit("sessionStart", { sessionId, metadata });
  }

  /** Ends the current session: `sessionEnd`, and tells the server unless it ended it itself. */
  function end(tellServer: boolean): void {
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
  }

  /** Starts a session the widget names itself and registers it with the server. */
  function create(requestedId?: string): string {
    const sessionId = typeof requestedId === "string" && requestedId ? requestedId : newId();
    establish(sessionId);
    created = api
      .request<Session>("POST", "/sessions", {
        experienceId: settings().experienceId,
        sessionId,
        userId: settings().userId,
      })
      .catch(options.reportRequestError);
    return sessionId;
  }

  /** Asks the server whether the stored session is still active (when the window opens). */
  async function check(): Promise<void> {
    const sessionId = store.sessionId.value;
    if (!sessionId) return;
    try {
      const status = await api.request<SessionStatusResponse>(
        "GET",
        `/sessions/${encodeURIComponent(sessionId)}/status`,
      );
      if (
        status.status !== "active" &&
        store.sessionId.value === sessionId &&
        !options.disposed()
      ) {
        end(false);
        options.notice("conversationEnded");
      }
    } catch (error) {
      if (
        error instanceof RequestError &&
        error.details?.code === "SESSION_NOT_FOUND" &&
        !options.disposed()
      ) {
        end(false);
      }
    }
  }

  /**
   * Asks the server to hand the conversation over to a person. Resolves with the conversation's
   * state when the server tells it (a server without live conversations does not).
   */
  async function requestHandover(handover: object): Promise<ConversationStatus | undefined> {
    const sessionId = store.sessionId.value;
    if (!sessionId) return undefined;
    const path = `/sessions/${encodeURIComponent(sessionId)}`;
    try {
      // The person who takes the conversation sees which page the visitor is on (without the
      // query and fragment, which may carry tokens).
      const pageUrl = globalThis.location && location.origin + location.pathname;
      if (pageUrl) {
        await api.request("PATCH", path, { metadata: { pageUrl } }).catch(() => undefined);
      }
      const response = await api.request<HandoverResponse & { conversation?: ConversationStatus }>(
        "POST",
        `${path}/handover`,
        handover,
      );
      return response.conversation;
    } catch (error) {
      options.reportRequestError(error);
      return undefined;
    }
  }

  return {
    establish,
    end,
    create,
    check,
    requestHandover,
    /** Resolves once the session that `create` registered is known to the server. */
    ready: (): Promise<unknown> => created,
  };
}
