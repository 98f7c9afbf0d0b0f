import type {
  ConversationMessage,
  InboxItem,
  InboxResponse,
  LiveConversation,
  TransferTarget,
} from "@nexus-chat/protocol";
import { Fragment } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, session } from "../api.js";
import { followInbox } from "./inbox-feed.js";

/** How long after the last keystroke the console tells the visitor the agent stopped typing. */
const typingPauseMs = 3000;

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString() : "");

function ItemList({
  title,
  items,
  selected,
}: {
  title: string;
  items: InboxItem[];
  selected?: string;
}) {
  const id = `inbox-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section class="inbox-list" aria-labelledby={id}>
      <h2 id={id}>
        {title} ({items.length})
      </h2>
      {items.length === 0 ? (
        <p class="hint">None.</p>
      ) : (
        <ul>
          {items.map((item) => (
            <li key={item.sessionId}>
              <a
                href={`#/inbox/${encodeURIComponent(item.sessionId)}`}
                aria-current={item.sessionId === selected ? "true" : undefined}
              >
                <strong>{item.experienceName}</strong>
                {item.queuePosition !== null && <> · number {item.queuePosition} in the queue</>}
                {item.agent && <> · with {item.agent.name}</>}
                <span class="meta">
                  {" "}
                  {item.page ?? item.userId ?? item.sessionId}
                  {item.queuedAt && <> · asked at {time(item.queuedAt)}</>}
                </span>
                {item.lastMessage && <span class="preview">{item.lastMessage.text}</span>}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The transcript so far: the assistant's turns, then the live conversation, in time order. */
function Transcript({ live }: { live: LiveConversation }) {
  const entries = [
    ...live.turns.flatMap((turn) => [
      {
        key: `${turn.queryId}-q`,
        at: turn.createdAt,
        who: "Visitor",
        text: turn.query,
        kind: "visitor",
      },
      {
        key: `${turn.queryId}-a`,
        at: turn.createdAt,
        who: "Assistant",
        text: turn.answer,
        kind: "assistant",
      },
    ]),
    ...live.messages.map((message) => ({
      key: message.messageId,
      at: message.createdAt,
      who:
        message.author === "visitor"
          ? "Visitor"
          : message.author === "agent"
            ? (message.agent?.name ?? "Agent")
            : "System",
      text: message.text,
      kind: message.author,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <ol class="transcript live-transcript" aria-label="Transcript">
      {entries.map((entry) => (
        <li key={entry.key} class={`turn ${entry.kind}`}>
          <span class="who">{entry.who}</span>
          <time dateTime={entry.at}>{time(entry.at)}</time>
          <p class="text">{entry.text}</p>
        </li>
      ))}
    </ol>
  );
}

function Composer({
  sessionId,
  onSent,
}: {
  sessionId: string;
  onSent: (message: ConversationMessage) => void;
}) {
  const [text, setText] = useState("");
  const [error, setError] = useState("");
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const typingSent = useRef(false);
  const sendTyping = (typing: boolean) =>
    void api("POST", `/conversations/${encodeURIComponent(sessionId)}/typing`, { typing }).catch(
      () => undefined,
    );
  useEffect(
    () => () => {
      clearTimeout(typingTimer.current);
      if (typingSent.current) sendTyping(false);
    },
    [sessionId],
  );
  const onInput = (value: string) => {
    setText(value);
    if (!typingSent.current && value.trim()) {
      typingSent.current = true;
      sendTyping(true);
    }
    clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(() => {
      if (typingSent.current) sendTyping(false);
      typingSent.current = false;
    }, typingPauseMs);
  };
  const send = async (event: Event) => {
    event.preventDefault();
    if (!text.trim()) return;
    setError("");
    try {
      const message = await api<ConversationMessage>(
        "POST",
        `/conversations/${encodeURIComponent(sessionId)}/messages`,
        { text },
      );
      clearTimeout(typingTimer.current);
      typingSent.current = false; // Sending a message ends "typing" on the server.
      setText("");
      onSent(message);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <form class="composer" onSubmit={send}>
      <label>
        Reply (markdown)
        <textarea
          name="text"
          rows={3}
          maxLength={4000}
          value={text}
          onInput={(event) => onInput(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey && !event.isComposing) void send(event);
          }}
        />
      </label>
      <p class="hint">Enter sends, Shift+Enter starts a new line.</p>
      <button type="submit" disabled={!text.trim()}>
        Send
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function Transfer({ sessionId, onDone }: { sessionId: string; onDone: () => void }) {
  const [candidates, setCandidates] = useState<TransferTarget[] | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api<TransferTarget[]>(
      "GET",
      `/conversations/${encodeURIComponent(sessionId)}/transfer-targets`,
    ).then(setCandidates, (failure: Error) => setError(failure.message));
  }, [sessionId]);
  if (candidates !== null && candidates.length === 0)
    return <p>No other operator answers for this assistant.</p>;
  const transfer = async (event: SubmitEvent) => {
    event.preventDefault();
    const operatorId = String(
      new FormData(event.currentTarget as HTMLFormElement).get("operatorId") ?? "",
    );
    if (!operatorId) return;
    setError("");
    try {
      await api("POST", `/conversations/${encodeURIComponent(sessionId)}/transfer`, { operatorId });
      onDone();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <form class="inline-form" onSubmit={transfer}>
      <label>
        Transfer to
        <select name="operatorId" disabled={candidates === null}>
          {(candidates ?? []).map((operator) => (
            <option key={operator.operatorId} value={operator.operatorId}>
              {operator.displayName} ({operator.online ? "online" : "away"})
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={candidates === null}>
        Transfer
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function Conversation({
  sessionId,
  live,
  typing,
  onChanged,
  onMessage,
}: {
  sessionId: string;
  live: LiveConversation | undefined;
  typing: string;
  onChanged: () => void;
  onMessage: (message: ConversationMessage) => void;
}) {
  const [error, setError] = useState("");
  const me = session.value?.operator.operatorId;
  const act = async (path: string, body: unknown = {}) => {
    setError("");
    try {
      await api("POST", `/conversations/${encodeURIComponent(sessionId)}/${path}`, body);
      onChanged();
    } catch (failure) {
      setError((failure as Error).message);
      onChanged();
    }
  };
  if (!live) return <p aria-busy="true">Loading the conversation…</p>;
  const { conversation } = live;
  const mine = conversation.state === "agent" && conversation.operatorId === me;
  const metadata = Object.entries(live.metadata ?? {});
  return (
    <section class="conversation" aria-labelledby="conversation-title">
      <h2 id="conversation-title">Conversation with a visitor of {live.experienceName}</h2>
      <dl class="facts">
        <dt>State</dt>
        <dd>
          {conversation.state === "queued"
            ? `Waiting, number ${conversation.queuePosition ?? "?"} in the queue`
            : conversation.state === "agent"
              ? `With ${conversation.agent?.name ?? "an agent"}${mine ? " (you)" : ""}`
              : conversation.state === "closed"
                ? "Closed"
                : "With the assistant"}
        </dd>
        <dt>Page</dt>
        <dd>
          {live.page ? (
            /^https?:\/\//i.test(live.page) ? (
              <a href={live.page} target="_blank" rel="noopener noreferrer">
                {live.page}
              </a>
            ) : (
              live.page
            )
          ) : (
            "Not known"
          )}
        </dd>
        <dt>User</dt>
        <dd>{live.userId ?? "Anonymous"}</dd>
        <dt>Started</dt>
        <dd>{new Date(live.createdAt).toLocaleString()}</dd>
        {live.handovers.length > 0 && (
          <>
            <dt>Asked for a person</dt>
            <dd>
              {live.handovers
                .map(
                  (handover) =>
                    `${handover.reason} (${handover.priority}, ${time(handover.createdAt)})`,
                )
                .join("; ")}
            </dd>
          </>
        )}
      </dl>
      {metadata.length > 0 && (
        <details>
          <summary>Metadata ({metadata.length})</summary>
          <dl class="facts">
            {metadata.map(([key, value]) => (
              <Fragment key={key}>
                <dt>{key}</dt>
                <dd>{typeof value === "string" ? value : JSON.stringify(value)}</dd>
              </Fragment>
            ))}
          </dl>
        </details>
      )}
      <Transcript live={live} />
      <p class="typing" aria-live="polite">
        {typing}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        {conversation.state === "queued" && (
          <button type="button" onClick={() => void act("claim")}>
            Claim
          </button>
        )}
      </div>
      {mine && (
        <>
          <Composer sessionId={sessionId} onSent={onMessage} />
          <div class="actions">
            <button type="button" onClick={() => void act("end", { to: "bot" })}>
              End: back to the assistant
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => void act("end", { to: "closed" })}
            >
              End: close the conversation
            </button>
          </div>
          <Transfer sessionId={sessionId} onDone={onChanged} />
        </>
      )}
    </section>
  );
}

/**
 * The Inbox: conversations waiting for a person and the operator's own, kept current by the live
 * feed; the selected one's transcript, the visitor's page and metadata, and what the operator can
 * do with it (claim, reply, transfer, end). While the page is open the operator counts as online.
 */
export function InboxPage({ sessionId }: { sessionId?: string }) {
  const [inbox, setInbox] = useState<InboxResponse>();
  const [live, setLive] = useState<LiveConversation>();
  const [error, setError] = useState("");
  const [announcement, setAnnouncement] = useState("");
  const [typing, setTyping] = useState("");
  const selected = useRef(sessionId);
  selected.current = sessionId;

  const loadInbox = () =>
    api<InboxResponse>("GET", "/inbox").then(
      (data) => {
        setInbox(data);
        setError("");
      },
      (failure: Error) => setError(failure.message),
    );
  const loadLive = (id = selected.current) => {
    if (!id) return;
    api<LiveConversation>("GET", `/conversations/${encodeURIComponent(id)}/live`).then(
      (data) => selected.current === id && setLive(data),
      (failure: Error) => selected.current === id && setError(failure.message),
    );
  };
  const addMessage = (message: ConversationMessage) =>
    setLive((current) =>
      current && !current.messages.some((known) => known.messageId === message.messageId)
        ? { ...current, messages: [...current.messages, message] }
        : current,
    );

  useEffect(() => {
    setLive(undefined);
    setTyping("");
    loadLive(sessionId);
  }, [sessionId]);

  useEffect(
    () =>
      followInbox(
        (event) => {
          if (event.type === "inbox-change") {
            void loadInbox();
            if (event.sessionId === selected.current) loadLive();
          } else if (event.type === "conversation-message") {
            if (event.sessionId === selected.current) {
              addMessage(event.message);
              if (event.message.author === "visitor")
                setAnnouncement(`Visitor: ${event.message.text}`);
            } else if (event.message.author === "visitor") {
              setAnnouncement("A visitor wrote in another conversation.");
            }
            void loadInbox();
          } else if (event.type === "agent-typing" && event.sessionId === selected.current) {
            const me = session.value?.operator.displayName;
            setTyping(
              event.typing && event.agent.name !== me ? `${event.agent.name} is typing…` : "",
            );
          }
        },
        () => {
          void loadInbox();
          loadLive();
        },
      ),
    [],
  );

  const changed = () => {
    void loadInbox();
    loadLive();
  };

  return (
    <section class="inbox">
      <h1>Inbox</h1>
      <p class="hint">
        While this page is open you count as online: visitors who ask for a person can be handed to
        you.
      </p>
      <p class="sr-only" role="status">
        {announcement}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="inbox-layout">
        <div class="inbox-lists">
          {inbox ? (
            <>
              <ItemList title="Waiting" items={inbox.queued} selected={sessionId} />
              <ItemList title="Mine" items={inbox.mine} selected={sessionId} />
              <ItemList title="Messages left" items={inbox.left ?? []} selected={sessionId} />
            </>
          ) : (
            <p aria-busy="true">Loading…</p>
          )}
        </div>
        <div class="inbox-detail">
          {sessionId ? (
            <>
              <p>
                <a href="#/inbox">← Back to the list</a>
              </p>
              <Conversation
                sessionId={sessionId}
                live={live}
                typing={typing}
                onChanged={changed}
                onMessage={addMessage}
              />
            </>
          ) : (
            <p class="hint">Choose a conversation to see its transcript.</p>
          )}
        </div>
      </div>
    </section>
  );
}
