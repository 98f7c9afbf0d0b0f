import type {
  AgentProfile,
  ConversationMessage,
  ConversationState,
  SessionStatus,
} from "@nexus-chat/protocol";
import type { Kysely, Selectable } from "kysely";
import type { ConversationMessageTable, DatabaseSchema } from "./database-schema.js";
import { readJson } from "./json-column.js";

/** A session's conversation, as the hand-over routes need it. */
export interface ConversationRecord {
  sessionId: string;
  experienceId: string;
  userId: string | null;
  sessionStatus: SessionStatus;
  metadata: Record<string, unknown>;
  state: ConversationState;
  /** `operator:<id>` or `desk:<client id>` while `agent`. */
  holder: string | null;
  agent: AgentProfile | null;
  queuedAt: string | null;
  createdAt: string;
  lastActivityAt: string;
}

/** A message to keep. */
export interface NewConversationMessage {
  messageId: string;
  sessionId: string;
  experienceId: string;
  author: ConversationMessage["author"];
  agent: AgentProfile | null;
  text: string;
  deliveredTo: "queued" | "agent" | "left" | null;
}

const recordColumns = [
  "id",
  "experience_id",
  "user_id",
  "status",
  "metadata",
  "conversation_state",
  "conversation_holder",
  "conversation_agent",
  "conversation_queued_at",
  "created_at",
  "last_activity_at",
] as const;

interface RecordRow {
  id: string;
  experience_id: string;
  user_id: string | null;
  status: string;
  metadata: string;
  conversation_state?: string | undefined;
  conversation_holder?: string | null | undefined;
  conversation_agent?: string | null | undefined;
  conversation_queued_at?: string | null | undefined;
  created_at: string;
  last_activity_at: string;
}

function toRecord(row: RecordRow): ConversationRecord {
  return {
    sessionId: row.id,
    experienceId: row.experience_id,
    userId: row.user_id,
    sessionStatus: row.status as SessionStatus,
    metadata: readJson<Record<string, unknown>>(row.metadata, {}),
    state: (row.conversation_state ?? "bot") as ConversationState,
    holder: row.conversation_holder ?? null,
    agent: readJson<AgentProfile | null>(row.conversation_agent, null),
    queuedAt: row.conversation_queued_at ?? null,
    createdAt: row.created_at,
    lastActivityAt: row.last_activity_at,
  };
}

function toMessage(row: Selectable<ConversationMessageTable>): ConversationMessage {
  return {
    messageId: row.id,
    author: row.author as ConversationMessage["author"],
    agent: readJson<AgentProfile | null>(row.agent, null),
    text: row.text,
    createdAt: row.created_at,
  };
}

/**
 * Who holds each session's conversation, and the messages of live conversations (portable
 * Kysely). Every change of state is one conditional `UPDATE … WHERE conversation_state = …`
 * whose count of changed rows says whether this caller made it: two agents claiming at once, on
 * one process or two, see exactly one `true` (SQLite runs one writer at a time; PostgreSQL
 * re-checks the `WHERE` of an `UPDATE` that waited for another's row lock).
 */
export class ConversationStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async get(sessionId: string): Promise<ConversationRecord | undefined> {
    const row = await this.db
      .selectFrom("sessions")
      .select(recordColumns)
      .where("id", "=", sessionId)
      .executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** The conversation's state alone (`POST /query` checks it on every question). */
  async stateOf(sessionId: string): Promise<ConversationState | undefined> {
    const row = await this.db
      .selectFrom("sessions")
      .select("conversation_state")
      .where("id", "=", sessionId)
      .executeTakeFirst();
    return row ? ((row.conversation_state ?? "bot") as ConversationState) : undefined;
  }

  /** `bot` → `queued`; returns whether this call queued it. */
  async queue(sessionId: string): Promise<string | null> {
    const queuedAt = new Date().toISOString();
    const result = await this.db
      .updateTable("sessions")
      .set({ conversation_state: "queued", conversation_queued_at: queuedAt })
      .where("id", "=", sessionId)
      .where("conversation_state", "=", "bot")
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? queuedAt : null;
  }

  /**
   * `queued` → `bot` (the visitor cancelled, or the queue timed out). With `queuedAt`, only the
   * hand-over queued then: a sweep must not end a newer one.
   */
  async leaveQueue(sessionId: string, queuedAt?: string): Promise<boolean> {
    let query = this.db
      .updateTable("sessions")
      .set({ conversation_state: "bot" })
      .where("id", "=", sessionId)
      .where("conversation_state", "=", "queued");
    if (queuedAt !== undefined) query = query.where("conversation_queued_at", "=", queuedAt);
    return Number((await query.executeTakeFirst()).numUpdatedRows) === 1;
  }

  /** `queued` → `agent` for `holder`; returns whether this call claimed it. */
  async claim(sessionId: string, holder: string, agent: AgentProfile): Promise<boolean> {
    const result = await this.db
      .updateTable("sessions")
      .set({
        conversation_state: "agent",
        conversation_holder: holder,
        conversation_agent: JSON.stringify(agent),
      })
      .where("id", "=", sessionId)
      .where("conversation_state", "=", "queued")
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Hands a held conversation from `from` to `to` (a transfer, or a desk's new profile). */
  async changeHolder(
    sessionId: string,
    from: string,
    to: string,
    agent: AgentProfile,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable("sessions")
      .set({ conversation_holder: to, conversation_agent: JSON.stringify(agent) })
      .where("id", "=", sessionId)
      .where("conversation_state", "=", "agent")
      .where("conversation_holder", "=", from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** `agent` → `bot` or `closed`, by its holder; returns whether this call ended it. */
  async end(sessionId: string, holder: string, to: "bot" | "closed"): Promise<boolean> {
    const result = await this.db
      .updateTable("sessions")
      .set({ conversation_state: to, conversation_holder: null, conversation_agent: null })
      .where("id", "=", sessionId)
      .where("conversation_state", "=", "agent")
      .where("conversation_holder", "=", holder)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** `agent` → `queued` when its holder is gone (disabled): another agent may claim it. */
  async requeue(sessionId: string, holder: string): Promise<boolean> {
    const result = await this.db
      .updateTable("sessions")
      .set({
        conversation_state: "queued",
        conversation_holder: null,
        conversation_agent: null,
        conversation_queued_at: new Date().toISOString(),
      })
      .where("id", "=", sessionId)
      .where("conversation_state", "=", "agent")
      .where("conversation_holder", "=", holder)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** 1 for the next queued conversation of the experience to be claimed. */
  async queuePosition(experienceId: string, sessionId: string, queuedAt: string): Promise<number> {
    const row = await this.db
      .selectFrom("sessions")
      .select((builder) => builder.fn.countAll<number>().as("ahead"))
      .where("experience_id", "=", experienceId)
      .where("conversation_state", "=", "queued")
      .where((builder) =>
        builder.or([
          builder("conversation_queued_at", "<", queuedAt),
          builder.and([
            builder("conversation_queued_at", "=", queuedAt),
            builder("id", "<", sessionId),
          ]),
        ]),
      )
      .executeTakeFirst();
    return Number(row?.ahead ?? 0) + 1;
  }

  /** Queued conversations, oldest first, of `experienceIds` (`null`: every experience). */
  async listQueued(experienceIds: readonly string[] | null): Promise<ConversationRecord[]> {
    if (experienceIds !== null && experienceIds.length === 0) return [];
    let query = this.db
      .selectFrom("sessions")
      .select(recordColumns)
      .where("conversation_state", "=", "queued")
      .orderBy("conversation_queued_at")
      .orderBy("id")
      .limit(500);
    if (experienceIds !== null) query = query.where("experience_id", "in", [...experienceIds]);
    return (await query.execute()).map(toRecord);
  }

  /** Conversations held by `holder`, oldest hand-over first. */
  async listHeldBy(holder: string): Promise<ConversationRecord[]> {
    const rows = await this.db
      .selectFrom("sessions")
      .select(recordColumns)
      .where("conversation_state", "=", "agent")
      .where("conversation_holder", "=", holder)
      .orderBy("conversation_queued_at")
      .limit(500)
      .execute();
    return rows.map(toRecord);
  }

  /** Sessions with messages left for the team while nobody was available, newest first. */
  async listLeft(
    experienceIds: readonly string[] | null,
    limit: number,
  ): Promise<ConversationRecord[]> {
    if (experienceIds !== null && experienceIds.length === 0) return [];
    let query = this.db
      .selectFrom("conversation_messages")
      .select(["session_id"])
      .select((builder) => builder.fn.max("created_at").as("latest"))
      .where("delivered_to", "=", "left")
      .groupBy("session_id")
      .orderBy("latest", "desc")
      .limit(limit);
    if (experienceIds !== null) query = query.where("experience_id", "in", [...experienceIds]);
    const sessions = (await query.execute()).map((row) => row.session_id);
    if (sessions.length === 0) return [];
    const rows = await this.db
      .selectFrom("sessions")
      .select(recordColumns)
      .where("id", "in", sessions)
      .execute();
    const byId = new Map(rows.map((row) => [row.id, toRecord(row)]));
    return sessions.flatMap((id) => byId.get(id) ?? []);
  }

  /** Every queued conversation with its experience's queue timeout (`null`: the default). */
  async listQueuedWithTimeouts(): Promise<
    Array<{ sessionId: string; queuedAt: string; timeoutSeconds: number | null }>
  > {
    const rows = await this.db
      .selectFrom("sessions")
      .innerJoin("experiences", "experiences.id", "sessions.experience_id")
      .select([
        "sessions.id as session_id",
        "sessions.conversation_queued_at as queued_at",
        "experiences.handover_queue_timeout_seconds as timeout_seconds",
      ])
      .where("sessions.conversation_state", "=", "queued")
      .execute();
    return rows.map((row) => ({
      sessionId: row.session_id,
      queuedAt: row.queued_at ?? new Date(0).toISOString(),
      timeoutSeconds: row.timeout_seconds ?? null,
    }));
  }

  async addMessage(message: NewConversationMessage): Promise<ConversationMessage> {
    const createdAt = new Date().toISOString();
    await this.db
      .insertInto("conversation_messages")
      .values({
        id: message.messageId,
        session_id: message.sessionId,
        experience_id: message.experienceId,
        author: message.author,
        agent: message.agent === null ? null : JSON.stringify(message.agent),
        text: message.text,
        delivered_to: message.deliveredTo,
        created_at: createdAt,
      })
      .execute();
    return {
      messageId: message.messageId,
      author: message.author,
      agent: message.agent,
      text: message.text,
      createdAt,
    };
  }

  /** A session's messages, oldest first. */
  async listMessages(sessionId: string): Promise<ConversationMessage[]> {
    const rows = await this.db
      .selectFrom("conversation_messages")
      .selectAll()
      .where("session_id", "=", sessionId)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    return rows.map(toMessage);
  }

  /** The latest message of each session (none: absent from the map). */
  async lastMessages(sessionIds: readonly string[]): Promise<Map<string, ConversationMessage>> {
    const latest = new Map<string, ConversationMessage>();
    if (sessionIds.length === 0) return latest;
    const rows = await this.db
      .selectFrom("conversation_messages")
      .selectAll()
      .where("session_id", "in", [...sessionIds])
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    for (const row of rows) latest.set(row.session_id, toMessage(row));
    return latest;
  }
}
