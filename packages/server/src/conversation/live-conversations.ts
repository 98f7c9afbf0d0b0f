import { randomBytes, randomUUID } from "node:crypto";
import type {
  AgentLeaveReason,
  AgentProfile,
  ConversationFrame,
  ConversationMessage,
  ConversationStatus,
  Experience,
  InboxEvent,
  Operator,
  QueueExitReason,
} from "@nexus-chat/protocol";
import {
  inboxChannel,
  sessionFramesChannel,
  type PublishedFrames,
} from "../channel/channel-names.js";
import type { PubSub } from "../coordination/pub-sub.js";
import { ApiError } from "../http/api-error.js";
import { dropUnsafeLinks } from "../ingest/drop-unsafe-links.js";
import { LinkPolicy } from "../ingest/link-policy.js";
import { deliverWebhook } from "../routes/handover-webhook.js";
import type { ConversationRecord } from "../store/conversation-store.js";
import { defaultHandoverQueueTimeoutSeconds } from "../store/experience-store.js";
import type { Store } from "../store/store.js";

/** An operator counts as online this long after the Inbox last reported them. */
export const inboxPresenceMs = 60_000;

/** Who acts on a conversation: a console operator or an outside desk (an API client). */
export type ConversationActor =
  | { kind: "operator"; operator: Operator }
  | { kind: "desk"; clientId: string; agent: AgentProfile };

/** The stored holder of a conversation held by `actor`. */
export function holderOf(actor: ConversationActor): string {
  return actor.kind === "operator"
    ? `operator:${actor.operator.operatorId}`
    : `desk:${actor.clientId}`;
}

/** How an operator appears to the visitor. */
export function operatorProfile(operator: Operator): AgentProfile {
  return { name: operator.displayName };
}

/** Whether an operator takes conversations of an experience (`null`: of every one). */
export function operatorCovers(operator: Operator, experienceId: string): boolean {
  return (
    !operator.disabled &&
    (operator.role === "agent" || operator.role === "admin") &&
    (operator.experienceIds == null || operator.experienceIds.includes(experienceId))
  );
}

/** The page a session's metadata names (the widget's `pageUrl`, or `url`). */
export function pageOf(metadata: Record<string, unknown>): string | null {
  for (const key of ["pageUrl", "url", "page"]) {
    const value = metadata[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return null;
}

/**
 * Live conversations (issue 13): the state machine `bot` → `queued` → `agent` → `bot` | `closed`
 * and everything a change sends. Every change is one conditional update in the database (see
 * `ConversationStore`), so it holds across processes; the frames it produces are kept in
 * `session_frames` and published like an answer's, so the visitor's channel on any process
 * receives them and `Last-Event-ID` resumes them; the console's Inboxes hear of it on
 * `conversation-inbox`; the experience's webhook receives the visitor's messages, signed.
 */
export class LiveConversations {
  constructor(
    private readonly store: Store,
    private readonly messages: PubSub,
    private readonly onError: (error: unknown, message: string) => void,
    /** Which link schemes agents' messages may use (`LINK_SCHEMES`). */
    private readonly links: LinkPolicy = new LinkPolicy(),
  ) {}

  /** Whether a person could take a conversation of the experience now. */
  async agentsAvailable(experience: Experience): Promise<boolean> {
    if (experience.handoverWebhookUrl) return true;
    const since = new Date(Date.now() - inboxPresenceMs).toISOString();
    const online = await this.store.operators.listInInboxSince(since);
    return online.some((operator) => operatorCovers(operator, experience.id));
  }

  /** The conversation's status as the visitor sees it. */
  async status(record: ConversationRecord, experience: Experience): Promise<ConversationStatus> {
    return {
      state: record.state,
      queuePosition: await this.queuePosition(record),
      agent: record.state === "agent" ? record.agent : null,
      agentsAvailable: await this.agentsAvailable(experience),
    };
  }

  async load(sessionId: string): Promise<ConversationRecord> {
    const record = await this.store.conversations.get(sessionId);
    if (!record) throw new ApiError("SESSION_NOT_FOUND");
    return record;
  }

  private async queuePosition(record: ConversationRecord): Promise<number | null> {
    if (record.state !== "queued" || record.queuedAt === null) return null;
    return this.store.conversations.queuePosition(
      record.experienceId,
      record.sessionId,
      record.queuedAt,
    );
  }

  /** The `conversation-state` frame of the conversation as it is now. */
  async stateFrame(
    record: ConversationRecord,
    reason?: QueueExitReason,
  ): Promise<ConversationFrame> {
    return {
      type: "conversation-state",
      state: record.state,
      queuePosition: await this.queuePosition(record),
      agent: record.state === "agent" ? record.agent : null,
      ...(reason === undefined ? {} : { reason }),
      timestamp: new Date().toISOString(),
    };
  }

  /**
   * The visitor asked for a person: queued when someone can take it, else the visitor is told
   * (`no-agent-online`) and the assistant goes on. Already queued or with an agent: unchanged.
   */
  async requestHandover(
    session: ConversationRecord,
    experience: Experience,
  ): Promise<ConversationStatus> {
    if (session.state === "bot") {
      if (await this.agentsAvailable(experience)) {
        const queuedAt = await this.store.conversations.queue(session.sessionId);
        if (queuedAt !== null) {
          const queued = await this.load(session.sessionId);
          await this.system(queued, "The visitor asked for a person.");
          await this.publish(queued.sessionId, [await this.stateFrame(queued)]);
          await this.inboxChange(queued);
        }
      } else {
        await this.publish(session.sessionId, [
          {
            type: "conversation-state",
            state: "bot",
            queuePosition: null,
            agent: null,
            reason: "no-agent-online",
            timestamp: new Date().toISOString(),
          },
        ]);
      }
    }
    return this.status(await this.load(session.sessionId), experience);
  }

  /** A queued visitor goes back to the assistant. */
  async cancel(session: ConversationRecord, experience: Experience): Promise<ConversationStatus> {
    if (session.state === "queued") {
      if (await this.store.conversations.leaveQueue(session.sessionId)) {
        await this.leftQueue(await this.load(session.sessionId), "visitor-cancelled");
      }
    } else if (session.state !== "bot") {
      throw new ApiError(
        "CONVERSATION_STATE_CONFLICT",
        `Only a queued conversation can be cancelled; this one is ${session.state}.`,
      );
    }
    return this.status(await this.load(session.sessionId), experience);
  }

  /** Sends the frames, system message and Inbox change of a conversation that left the queue. */
  private async leftQueue(record: ConversationRecord, reason: QueueExitReason): Promise<void> {
    const text =
      reason === "timeout"
        ? "Nobody took the conversation in time; the assistant answers again."
        : "The visitor went back to the assistant.";
    await this.system(record, text);
    await this.publish(record.sessionId, [await this.stateFrame(record, reason)]);
    await this.inboxChange(record);
    await this.queueMoved(record.experienceId);
  }

  /** Tells every visitor still queued for the experience their new place. */
  private async queueMoved(experienceId: string): Promise<void> {
    for (const queued of await this.store.conversations.listQueued([experienceId])) {
      await this.publish(queued.sessionId, [await this.stateFrame(queued)]);
    }
  }

  /** A visitor's message: to the person (or queue), or left for the team while `bot`. */
  async visitorMessage(
    session: ConversationRecord,
    experience: Experience,
    text: string,
  ): Promise<{ message: ConversationMessage; deliveredTo: "agent" | "queued" | "left" }> {
    if (session.state === "closed")
      throw new ApiError("CONVERSATION_STATE_CONFLICT", "The conversation was closed.");
    const deliveredTo =
      session.state === "agent" ? "agent" : session.state === "queued" ? "queued" : "left";
    const message = await this.store.conversations.addMessage({
      messageId: randomUUID(),
      sessionId: session.sessionId,
      experienceId: session.experienceId,
      author: "visitor",
      agent: null,
      text,
      deliveredTo,
    });
    if (deliveredTo !== "left") {
      await this.publish(session.sessionId, [
        {
          type: "visitor-message",
          messageId: message.messageId,
          text,
          timestamp: message.createdAt,
        },
      ]);
      if (experience.handoverWebhookUrl) {
        const url = experience.handoverWebhookUrl;
        // The visitor does not wait for the desk.
        void this.webhookSecret(experience.id)
          .then((secret) =>
            deliverWebhook(url, secret, {
              type: "visitor-message",
              experienceId: experience.id,
              sessionId: session.sessionId,
              userId: session.userId,
              messageId: message.messageId,
              text,
              state: deliveredTo,
              createdAt: message.createdAt,
            }),
          )
          .then((delivered) => {
            if (!delivered) this.onError(undefined, "the visitor-message webhook failed");
          })
          .catch((error: unknown) => this.onError(error, "the visitor-message webhook failed"));
      }
    }
    await this.inboxMessage(session, message);
    return { message, deliveredTo };
  }

  /** The experience's webhook signing secret, generated the first time. */
  async webhookSecret(experienceId: string): Promise<string> {
    const secret = await this.store.experiences.webhookSecret(experienceId, newWebhookSecret);
    if (secret === undefined) throw new ApiError("EXPERIENCE_NOT_FOUND");
    return secret;
  }

  /** Replaces the experience's webhook secret; returns the new one. */
  async rotateWebhookSecret(experienceId: string): Promise<string> {
    const secret = newWebhookSecret();
    if (!(await this.store.experiences.setWebhookSecret(experienceId, secret)))
      throw new ApiError("EXPERIENCE_NOT_FOUND");
    return secret;
  }

  /**
   * A person takes a queued conversation; exactly one of several claiming at once succeeds, the
   * others get 409. A desk joining a conversation it already holds updates its profile.
   */
  async claim(session: ConversationRecord, actor: ConversationActor): Promise<ConversationRecord> {
    const holder = holderOf(actor);
    const agent = actor.kind === "operator" ? operatorProfile(actor.operator) : actor.agent;
    if (session.state === "agent" && session.holder === holder) {
      if (actor.kind === "desk" && JSON.stringify(session.agent) !== JSON.stringify(agent)) {
        await this.store.conversations.changeHolder(session.sessionId, holder, holder, agent);
        const changed = await this.load(session.sessionId);
        await this.publish(session.sessionId, [
          { type: "agent-join", agent, timestamp: new Date().toISOString() },
          await this.stateFrame(changed),
        ]);
        return changed;
      }
      return session;
    }
    if (
      session.state !== "queued" ||
      !(await this.store.conversations.claim(session.sessionId, holder, agent))
    ) {
      const now = await this.load(session.sessionId);
      throw new ApiError(
        "CONVERSATION_STATE_CONFLICT",
        now.state === "agent"
          ? "Another agent has already taken this conversation."
          : `Only a queued conversation can be claimed; this one is ${now.state}.`,
      );
    }
    const claimed = await this.load(session.sessionId);
    await this.system(claimed, `${agent.name} joined the conversation.`);
    await this.publish(claimed.sessionId, [
      await this.stateFrame(claimed),
      { type: "agent-join", agent, timestamp: new Date().toISOString() },
    ]);
    await this.inboxChange(claimed);
    await this.queueMoved(claimed.experienceId);
    return claimed;
  }

  /** Refuses anyone but the holder. */
  assertHolder(session: ConversationRecord, actor: ConversationActor): void {
    if (session.state !== "agent")
      throw new ApiError(
        "CONVERSATION_STATE_CONFLICT",
        `No agent holds this conversation; it is ${session.state}.`,
      );
    if (session.holder !== holderOf(actor)) throw new ApiError("NOT_CONVERSATION_HOLDER");
  }

  /** The holder started or stopped typing (published, not kept: it is stale at once). */
  async typing(
    session: ConversationRecord,
    actor: ConversationActor,
    typing: boolean,
  ): Promise<void> {
    this.assertHolder(session, actor);
    const agent = actor.kind === "operator" ? operatorProfile(actor.operator) : actor.agent;
    const timestamp = new Date().toISOString();
    await this.publish(
      session.sessionId,
      [{ type: "agent-typing", agent, typing, timestamp }],
      false,
    );
    await this.publishInbox({
      type: "agent-typing",
      sessionId: session.sessionId,
      experienceId: session.experienceId,
      agent,
      typing,
      timestamp,
    });
  }

  /**
   * The holder's message: markdown, whose links, images and HTML with a URL the link policy
   * refuses are removed (their text kept) before it is stored or sent, as in imported documents.
   * The widget sanitises it again when it renders it.
   */
  async agentMessage(
    session: ConversationRecord,
    actor: ConversationActor,
    written: string,
  ): Promise<ConversationMessage> {
    this.assertHolder(session, actor);
    const text = dropUnsafeLinks(written, this.links);
    if (!/\S/.test(text))
      throw new ApiError(
        "VALIDATION_FAILED",
        "The message holds nothing but links that are not allowed (javascript:, data:, …).",
      );
    const agent = actor.kind === "operator" ? operatorProfile(actor.operator) : actor.agent;
    const message = await this.store.conversations.addMessage({
      messageId: randomUUID(),
      sessionId: session.sessionId,
      experienceId: session.experienceId,
      author: "agent",
      agent,
      text,
      deliveredTo: null,
    });
    await this.publish(
      session.sessionId,
      [{ type: "agent-typing", agent, typing: false, timestamp: message.createdAt }],
      false,
    );
    await this.publish(session.sessionId, [
      {
        type: "agent-message",
        messageId: message.messageId,
        text,
        agent,
        timestamp: message.createdAt,
      },
    ]);
    await this.inboxMessage(session, message);
    return message;
  }

  /** The holder hands the conversation to another operator of the experience. */
  async transfer(
    session: ConversationRecord,
    actor: ConversationActor,
    to: Operator,
  ): Promise<ConversationRecord> {
    this.assertHolder(session, actor);
    if (!operatorCovers(to, session.experienceId))
      throw new ApiError(
        "VALIDATION_FAILED",
        "That operator may not take conversations of this assistant (disabled, or another assistant's).",
      );
    const from = session.agent ?? { name: "Agent" };
    const agent = operatorProfile(to);
    const moved = await this.store.conversations.changeHolder(
      session.sessionId,
      holderOf(actor),
      `operator:${to.operatorId}`,
      agent,
    );
    if (!moved)
      throw new ApiError("CONVERSATION_STATE_CONFLICT", "The conversation changed meanwhile.");
    const transferred = await this.load(session.sessionId);
    const timestamp = new Date().toISOString();
    await this.system(transferred, `${from.name} passed the conversation to ${agent.name}.`);
    await this.publish(session.sessionId, [
      { type: "agent-leave", agent: from, reason: "transferred", timestamp },
      { type: "agent-join", agent, timestamp },
      await this.stateFrame(transferred),
    ]);
    await this.inboxChange(transferred);
    return transferred;
  }

  /** The holder ends their part: back to the assistant, or closed (the session ends too). */
  async end(
    session: ConversationRecord,
    actor: ConversationActor,
    to: "bot" | "closed",
  ): Promise<ConversationRecord> {
    this.assertHolder(session, actor);
    const agent = session.agent ?? { name: "Agent" };
    if (!(await this.store.conversations.end(session.sessionId, holderOf(actor), to)))
      throw new ApiError("CONVERSATION_STATE_CONFLICT", "The conversation changed meanwhile.");
    if (to === "closed" && session.sessionStatus === "active")
      await this.store.sessions.end(session.sessionId, "completed");
    const ended = await this.load(session.sessionId);
    const reason: AgentLeaveReason = to === "closed" ? "closed" : "returned-to-bot";
    await this.system(
      ended,
      to === "closed"
        ? `${agent.name} closed the conversation.`
        : `${agent.name} handed the conversation back to the assistant.`,
    );
    await this.publish(session.sessionId, [
      { type: "agent-leave", agent, reason, timestamp: new Date().toISOString() },
      await this.stateFrame(ended),
    ]);
    await this.inboxChange(ended);
    return ended;
  }

  /**
   * An operator was disabled: each conversation they held goes back to the queue (with a fresh
   * timeout), and its visitor is told the agent left (`agent-gone`). Returns how many.
   */
  async releaseOperator(operator: Operator): Promise<number> {
    const holder = holderOf({ kind: "operator", operator });
    let released = 0;
    for (const held of await this.store.conversations.listHeldBy(holder)) {
      if (!(await this.store.conversations.requeue(held.sessionId, holder))) continue;
      released += 1;
      const queued = await this.load(held.sessionId);
      const agent = held.agent ?? operatorProfile(operator);
      await this.system(queued, `${agent.name} left; the conversation waits for another agent.`);
      await this.publish(queued.sessionId, [
        { type: "agent-leave", agent, reason: "agent-gone", timestamp: new Date().toISOString() },
        await this.stateFrame(queued),
      ]);
      await this.inboxChange(queued);
    }
    return released;
  }

  /**
   * Sends back to the assistant every conversation queued longer than its experience's timeout.
   * Any process may run it at any time: each conversation leaves the queue in one conditional
   * update that names the moment it was queued, so only one process sends its frames, and a
   * visitor who asked again since is not touched. Returns how many left the queue.
   */
  async sweepQueue(now = Date.now()): Promise<number> {
    let expired = 0;
    for (const queued of await this.store.conversations.listQueuedWithTimeouts()) {
      const timeoutMs = (queued.timeoutSeconds ?? defaultHandoverQueueTimeoutSeconds) * 1000;
      if (Date.parse(queued.queuedAt) + timeoutMs > now) continue;
      if (!(await this.store.conversations.leaveQueue(queued.sessionId, queued.queuedAt))) continue;
      expired += 1;
      await this.leftQueue(await this.load(queued.sessionId), "timeout");
    }
    return expired;
  }

  /** Keeps a system message in the transcript and tells the Inboxes. */
  private async system(record: ConversationRecord, text: string): Promise<void> {
    const message = await this.store.conversations.addMessage({
      messageId: randomUUID(),
      sessionId: record.sessionId,
      experienceId: record.experienceId,
      author: "system",
      agent: null,
      text,
      deliveredTo: null,
    });
    await this.inboxMessage(record, message);
  }

  /**
   * Keeps frames on the session channel (one insert, so their ids follow their order) and
   * publishes them to the processes holding the visitor's channel. `keep: false` publishes
   * without keeping (typing).
   */
  async publish(sessionId: string, frames: ConversationFrame[], keep = true): Promise<void> {
    const rows = frames.map((frame) => ({
      sessionId,
      queryId: null,
      type: frame.type,
      data: JSON.stringify(frame),
    }));
    const ids: Array<number | null> = keep
      ? await this.store.frames.append(rows)
      : rows.map(() => null);
    const message: PublishedFrames = {
      frames: rows.map((row, index) => ({
        id: ids[index] ?? null,
        queryId: null,
        type: row.type,
        data: row.data,
      })),
    };
    try {
      await this.messages.publish(sessionFramesChannel(sessionId), JSON.stringify(message));
    } catch (error) {
      // Kept frames still reach a visitor who reconnects; the change itself is done.
      this.onError(error, "could not publish conversation frames");
    }
  }

  private async inboxChange(record: ConversationRecord): Promise<void> {
    await this.publishInbox({
      type: "inbox-change",
      sessionId: record.sessionId,
      experienceId: record.experienceId,
      state: record.state,
      operatorId: record.holder?.startsWith("operator:") ? record.holder.slice(9) : null,
      timestamp: new Date().toISOString(),
    });
  }

  private async inboxMessage(
    record: ConversationRecord,
    message: ConversationMessage,
  ): Promise<void> {
    await this.publishInbox({
      type: "conversation-message",
      sessionId: record.sessionId,
      experienceId: record.experienceId,
      message,
    });
  }

  private async publishInbox(event: InboxEvent): Promise<void> {
    try {
      await this.messages.publish(inboxChannel, JSON.stringify(event));
    } catch (error) {
      this.onError(error, "could not tell the Inboxes");
    }
  }
}

/** 32 random bytes, as the receiver's configuration shows them: `whsec_` and base64url. */
function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}
