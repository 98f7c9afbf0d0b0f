import type {
  AgentProfile,
  ConversationFrame,
  ConversationStatus,
  QueueExitReason,
  VisitorMessageResponse,
} from "@nexus-chat/protocol";
import type { ChatStore } from "../state/chat-store.js";
import type { ApiClient } from "../transport/api-client.js";
import type { Emit } from "../chat/emit.js";
import type { Strings } from "../i18n/en.js";
import type { LiveAction, LiveRecord, LiveState } from "./live-state.js";
import { fillIn } from "./fill-in.js";

/** Opens the session channel; returns the function that closes it. */
export type OpenChannel = (options: {
  sessionId: string;
  /** Resume after this frame (a reload during a hand-over); none: start with the current state. */
  lastEventId?: string;
  /** A conversation frame, with its channel id. */
  onFrame(frame: ConversationFrame, id: string | undefined): void;
  /** The server refused the channel (the session is gone, or not this visitor's). */
  onRefused(status: number): void;
  /** The connection's state changed (for `connectionChange` and the offline notice). */
  onState?(state: "online" | "reconnecting" | "offline"): void;
}) => () => void;

export interface LiveOptions {
  sessionId: string;
  store: ChatStore;
  api: ApiClient;
  emit: Emit;
  strings(): Strings;
  /** Adds a notice to the transcript (when the widget shows notices). */
  notice(text: string): void;
  /** Puts a line into the screen reader's live region. */
  announce(text: string): void;
  /** An agent message's words, for the live region. */
  speechText(markdown: string): string;
  openChannel: OpenChannel;
  /** The channel's connection state changed. */
  onConnection?(state: "online" | "reconnecting" | "offline"): void;
  /** The live panel's state (`null`: the assistant has the conversation again). */
  setState(state: LiveState | null): void;
  /** Stores what a reload needs to pick the conversation up (`null`: nothing). */
  remember(record: LiveRecord | null): void;
  /** The conversation was closed: the session takes no more messages. */
  onClosed(): void;
}

/** How a live conversation starts: from a hand-over's answer, or after a reload. */
export interface LiveStart {
  /** The hand-over's `conversation`; absent after a reload. */
  status?: ConversationStatus;
  /** After a reload: the last channel frame handled before it. */
  lastEventId?: string;
  /** After a reload: what the panel showed. */
  state?: LiveState;
}

export type LiveConversation = ReturnType<typeof startLiveConversation>;

const maxMessageLength = 4000;

/** Whether channel id `id` comes after `last` (ids increase; non-numeric ids are never skipped). */
function isAfter(id: string | undefined, last: string | undefined): boolean {
  if (id === undefined || last === undefined) return true;
  const [a, b] = [Number(id), Number(last)];
  return !Number.isFinite(a) || !Number.isFinite(b) || a > b;
}

/**
 * The widget's side of a conversation with a person, from the hand-over until the assistant has
 * it again: reads the session channel's conversation frames into the transcript, the live panel
 * and the `agentJoin` / `agentMessage` / `agentLeave` events, and sends the visitor's messages to
 * `POST /sessions/:id/messages`. Each frame is handled once: frames at or before the last handled
 * id (a reconnection or a reload that resumes) and agent messages already in the transcript are
 * skipped.
 */
export function startLiveConversation(options: LiveOptions, start: LiveStart = {}) {
  const { store, api, emit, sessionId } = options;
  const t = (): Strings => options.strings();
  let state: LiveState | null = null;
  let lastEventId = start.lastEventId;
  let closeChannel: (() => void) | undefined;
  let ended = false;
  /** Texts of visitor messages sent from this tab whose `visitor-message` frame is still to come. */
  const sentTexts: string[] = [];
  const sentIds = new Set<string>();

  const set = (next: LiveState | null): void => {
    const moved = next?.mode !== state?.mode || next?.agent !== state?.agent;
    state = next;
    options.setState(next);
    if (moved && next && !ended && closeChannel) remember();
  };
  const patch = (changes: Partial<LiveState>): void => {
    if (state) set({ ...state, ...changes });
  };
  const say = (text: string): void => {
    options.notice(text);
    options.announce(text);
  };
  const remember = (): void => {
    if (state) options.remember({ sessionId, lastEventId, state: { ...state, typing: false } });
  };

  function openChannel(): void {
    if (closeChannel || ended) return;
    closeChannel = options.openChannel({
      sessionId,
      lastEventId,
      onFrame: (frame, id) => {
        if (ended || !isAfter(id, lastEventId)) return;
        handle(frame);
        if (id !== undefined && !ended) {
          lastEventId = id;
          remember();
        }
      },
      onRefused: () => end(),
      onState: options.onConnection,
    });
  }

  /** The assistant has the conversation again (or it is closed); the panel goes. */
  function end(text?: string): void {
    if (ended) return;
    ended = true;
    closeChannel?.();
    closeChannel = undefined;
    set(null);
    options.remember(null);
    if (text) say(text);
  }

  const unavailable = (reason: QueueExitReason): void => {
    closeChannel?.();
    closeChannel = undefined;
    options.remember(null);
    set({ mode: "unavailable", queuePosition: null, agent: null, typing: false, reason });
    options.announce(reason === "timeout" ? t().nobodyClaimed : t().nobodyAvailable);
  };

  const queued = (position: number | null): void => {
    const changed = state?.mode !== "queued" || state.queuePosition !== position;
    set({ mode: "queued", queuePosition: position, agent: null, typing: false });
    if (changed) {
      options.announce(
        position === null ? t().waitingForPerson : fillIn(t().queuePosition, { position }),
      );
    }
  };

  const withAgent = (agent: AgentProfile): void =>
    set({ mode: "agent", queuePosition: null, agent, typing: false });

  function handle(frame: ConversationFrame): void {
    switch (frame.type) {
      case "conversation-state":
        if (frame.state === "queued") return queued(frame.queuePosition);
        if (frame.state === "agent") {
          if (frame.agent) withAgent(frame.agent);
          return;
        }
        if (frame.state === "closed") {
          end(t().conversationEnded);
          return options.onClosed();
        }
        if (frame.reason === "no-agent-online" || frame.reason === "timeout") {
          return unavailable(frame.reason);
        }
        return end(frame.reason === "visitor-cancelled" ? undefined : t().backWithAssistant);
      case "agent-join":
        withAgent(frame.agent);
        emit("agentJoin", { sessionId, agent: frame.agent });
        return say(fillIn(t().agentJoined, { name: frame.agent.name }));
      case "agent-typing":
        if (state?.mode === "agent") patch({ typing: frame.typing });
        return;
      case "agent-message": {
        if (state?.mode === "agent") patch({ typing: false });
        if (store.findMessage(frame.messageId)) return;
        store.addEvent({
          id: frame.messageId,
          type: "message",
          role: "assistant",
          text: frame.text,
          status: "complete",
          agent: frame.agent,
          timestamp: frame.timestamp,
        });
        emit("agentMessage", {
          sessionId,
          messageId: frame.messageId,
          text: frame.text,
          agent: frame.agent,
        });
        return options.announce(`${frame.agent.name}: ${options.speechText(frame.text)}`);
      }
      case "visitor-message": {
        // This tab's own message comes back on the channel: it is in the transcript already.
        const mine = sentTexts.indexOf(frame.text);
        if (sentIds.has(frame.messageId) || mine >= 0) {
          if (mine >= 0) sentTexts.splice(mine, 1);
          return;
        }
        if (store.findMessage(frame.messageId)) return;
        store.addEvent({
          id: frame.messageId,
          type: "message",
          role: "user",
          text: frame.text,
          status: "complete",
          timestamp: frame.timestamp,
        });
        return;
      }
      case "agent-leave": {
        emit("agentLeave", { sessionId, reason: frame.reason });
        const left = fillIn(t().agentLeft, { name: frame.agent.name });
        if (frame.reason === "returned-to-bot") return end(`${left} ${t().backWithAssistant}`);
        if (frame.reason === "closed") {
          end(`${left} ${t().conversationEnded}`);
          return options.onClosed();
        }
        // Transferred (an agent-join follows) or signed out (the state frame says what next).
        say(left);
        return queued(null);
      }
    }
  }

  /** Sends a visitor's message to the person (or the queue), or leaves it for the team. */
  async function send(text: string, existingMessageId?: string): Promise<void> {
    if (ended || !state || !text.trim()) return;
    const leaving = state.mode === "leaving" || state.mode === "unavailable";
    const body = text.slice(0, maxMessageLength);
    const localId =
      existingMessageId ??
      store.addEvent({ type: "message", role: "user", text, status: "complete" }).id;
    if (existingMessageId) store.updateMessage(localId, { status: "complete" });
    sentTexts.push(body);
    try {
      const response = await api.request<VisitorMessageResponse>(
        "POST",
        `/sessions/${encodeURIComponent(sessionId)}/messages`,
        { text: body },
      );
      sentIds.add(response.messageId);
      if (leaving) end(t().messageLeft);
    } catch {
      const index = sentTexts.indexOf(body);
      if (index >= 0) sentTexts.splice(index, 1);
      store.updateMessage(localId, { status: "error" });
    }
  }

  /** A button of the live panel. */
  function act(action: LiveAction): void {
    if (ended || !state) return;
    if (action === "leave") {
      set({ ...state, mode: "leaving" });
      return options.announce(t().leaveMessageHint);
    }
    if (state.mode === "queued") {
      api
        .request("POST", `/sessions/${encodeURIComponent(sessionId)}/handover/cancel`, {})
        .catch(() => undefined);
    }
    end(t().backWithAssistant);
  }

  const status = start.status;
  if (status && status.state === "bot") {
    unavailable("no-agent-online");
  } else if (start.state && (start.state.mode === "queued" || start.state.mode === "agent")) {
    set(start.state);
    openChannel();
  } else {
    if (status?.state === "agent" && status.agent) withAgent(status.agent);
    else queued(status?.queuePosition ?? null);
    remember();
    openChannel();
  }

  return {
    send,
    act,
    /** Whether the visitor's next message goes to a person (or is left for the team). */
    takesMessages: (): boolean =>
      !ended && (state?.mode === "queued" || state?.mode === "agent" || state?.mode === "leaving"),
    /** Closes the channel without changing anything (the widget goes away, or a new session). */
    dispose(): void {
      ended = true;
      closeChannel?.();
      closeChannel = undefined;
    },
    /** Closes the live part for a new or cleared conversation: nothing is remembered. */
    forget(): void {
      end();
    },
  };
}
