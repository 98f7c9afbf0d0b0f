import {
  defaultKnowledgeLanguage,
  isKnowledgeLanguage,
  type CreateExperienceRequest,
  type EngineKind,
  type Experience,
  type KnowledgeLanguage,
  type RemoteWidgetConfig,
  type UpdateExperienceRequest,
} from "@nexus-chat/protocol";
import { CompiledQuery, type Kysely, type Selectable } from "kysely";
import type { ChangeFeed, ChangeWatch } from "./change-feed.js";
import type { DatabaseSchema, ExperienceTable } from "./database-schema.js";
import { readJson } from "./json-column.js";
import type { PassageIndex } from "./passage-index.js";
import type { StoreDialect } from "./store-dialect.js";

function toExperience(row: Selectable<ExperienceTable>): Experience {
  return {
    id: row.id,
    name: row.name,
    engine: row.engine as EngineKind,
    engineOptions: readJson<Record<string, unknown>>(row.engine_options, {}),
    widget: readJson<RemoteWidgetConfig>(row.widget, {}),
    requireAuth: row.require_auth === 1,
    allowedOrigins: readJson<string[]>(row.allowed_origins, []),
    handoverWebhookUrl: row.handover_webhook_url,
    handoverQueueTimeoutSeconds:
      row.handover_queue_timeout_seconds ?? defaultHandoverQueueTimeoutSeconds,
    knowledgeLanguage: isKnowledgeLanguage(row.knowledge_language)
      ? row.knowledge_language
      : defaultKnowledgeLanguage,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** How long a hand-over waits for an agent when the experience does not say. */
export const defaultHandoverQueueTimeoutSeconds = 180;

/** Most experiences remembered; past it the cache starts over. */
const maxCachedExperiences = 1_000;

/** Freezes an object and everything in it, so a shared cached value cannot be changed. */
function deepFreeze<Value>(value: Value): Value {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Experiences: one assistant each, with its engine, widget configuration and access rules.
 *
 * Every question reads its experience, so {@link get} remembers them (with their JSON columns
 * already parsed, frozen because callers share them): this store forgets them on its own writes,
 * and the change feed tells when another connection has written (a CLI command, another
 * server process), in which case everything is read again.
 */
export class ExperienceStore {
  private readonly cache = new Map<string, Experience | undefined>();
  private readonly changes: ChangeWatch;
  private readonly selectExperience: string;

  /**
   * @param onPassagesRemoved called after an experience's passages left the search index.
   * @param reindexKnowledge indexes an experience's passages again in a new language, through
   *   the transaction that stores it.
   */
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    dialect: Pick<StoreDialect, "plainSql">,
    private readonly index: PassageIndex,
    changes: ChangeFeed,
    private readonly onPassagesRemoved: () => void = () => undefined,
    private readonly reindexKnowledge: (
      db: Kysely<DatabaseSchema>,
      experienceId: string,
      language: KnowledgeLanguage,
    ) => Promise<unknown> = async () => undefined,
  ) {
    this.changes = changes.watch();
    this.selectExperience = dialect.plainSql("SELECT * FROM experiences WHERE id = ?");
  }

  async create(request: CreateExperienceRequest & { id: string }): Promise<Experience> {
    await this.insert(request);
    return (await this.get(request.id))!;
  }

  /**
   * Creates the experience unless one with its id exists (several processes starting together
   * may all try); returns whether this call created it.
   */
  async createIfMissing(request: CreateExperienceRequest & { id: string }): Promise<boolean> {
    return this.insert(request, true);
  }

  private async insert(
    request: CreateExperienceRequest & { id: string },
    ignoreExisting = false,
  ): Promise<boolean> {
    const now = new Date().toISOString();
    const result = await this.db
      .insertInto("experiences")
      .values({
        id: request.id,
        name: request.name,
        engine: request.engine ?? "retrieval",
        engine_options: JSON.stringify(request.engineOptions ?? {}),
        widget: JSON.stringify(request.widget ?? {}),
        require_auth: request.requireAuth ? 1 : 0,
        allowed_origins: JSON.stringify(request.allowedOrigins ?? []),
        handover_webhook_url: request.handoverWebhookUrl ?? null,
        handover_queue_timeout_seconds: request.handoverQueueTimeoutSeconds ?? null,
        knowledge_language: request.knowledgeLanguage ?? defaultKnowledgeLanguage,
        created_at: now,
        updated_at: now,
      })
      .$if(ignoreExisting, (query) => query.onConflict((conflict) => conflict.doNothing()))
      .executeTakeFirst();
    this.cache.clear();
    return (result.numInsertedOrUpdatedRows ?? 1n) > 0n;
  }

  /** The experience, frozen (shared with other callers): copy it before changing anything. */
  async get(id: string): Promise<Experience | undefined> {
    // No stored id holds NUL, which PostgreSQL refuses in a query's text (SQLSTATE 22021: a 500
    // for `/query` with such an id, where SQLite simply found none).
    if (id.includes("\u0000")) return undefined;
    if (await this.changes.changedElsewhere()) this.cache.clear();
    if (this.cache.has(id)) return this.cache.get(id);
    const result = await this.db.executeQuery<Selectable<ExperienceTable>>(
      CompiledQuery.raw(this.selectExperience, [id]),
    );
    const row = result.rows[0];
    const experience = row ? deepFreeze(toExperience(row)) : undefined;
    if (this.cache.size >= maxCachedExperiences) this.cache.clear();
    // Unknown ids are remembered too (until the next write), so a flood of them costs no reads.
    this.cache.set(id, experience);
    return experience;
  }

  async list(): Promise<Experience[]> {
    const rows = await this.db
      .selectFrom("experiences")
      .selectAll()
      .orderBy("created_at")
      .execute();
    return rows.map(toExperience);
  }

  async update(id: string, changes: UpdateExperienceRequest): Promise<Experience | undefined> {
    const values: Partial<ExperienceTable> = { updated_at: new Date().toISOString() };
    if (changes.name !== undefined) values.name = changes.name;
    if (changes.engine !== undefined) values.engine = changes.engine;
    if (changes.engineOptions !== undefined)
      values.engine_options = JSON.stringify(changes.engineOptions);
    if (changes.widget !== undefined) values.widget = JSON.stringify(changes.widget);
    if (changes.requireAuth !== undefined) values.require_auth = changes.requireAuth ? 1 : 0;
    if (changes.allowedOrigins !== undefined)
      values.allowed_origins = JSON.stringify(changes.allowedOrigins);
    if (changes.handoverWebhookUrl !== undefined)
      values.handover_webhook_url = changes.handoverWebhookUrl;
    if (changes.handoverQueueTimeoutSeconds !== undefined)
      values.handover_queue_timeout_seconds = changes.handoverQueueTimeoutSeconds;
    const language = changes.knowledgeLanguage;
    const updated = await this.db.transaction().execute(async (transaction) => {
      const before =
        language === undefined
          ? undefined
          : await transaction
              .selectFrom("experiences")
              .select("knowledge_language")
              .where("id", "=", id)
              .executeTakeFirst();
      if (language !== undefined) values.knowledge_language = language;
      const result = await transaction
        .updateTable("experiences")
        .set(values)
        .where("id", "=", id)
        .executeTakeFirst();
      // A new language: the passages' tokens change with it, in this same transaction (the
      // update above holds the row: an import, which reads the language by an update too,
      // waits for it or makes this wait).
      if (result.numUpdatedRows > 0n && before && before.knowledge_language !== language)
        await this.reindexKnowledge(transaction, id, language!);
      return result.numUpdatedRows > 0n;
    });
    this.cache.clear();
    if (!updated) return undefined;
    return this.get(id);
  }

  /**
   * The key that signs the experience's webhook deliveries, generated by `generate` and kept the
   * first time it is asked for (several processes asking at once keep the first one written).
   * `undefined` when the experience does not exist.
   */
  async webhookSecret(id: string, generate: () => string): Promise<string | undefined> {
    const read = () =>
      this.db
        .selectFrom("experiences")
        .select("handover_webhook_secret")
        .where("id", "=", id)
        .executeTakeFirst();
    const row = await read();
    if (!row) return undefined;
    if (row.handover_webhook_secret) return row.handover_webhook_secret;
    await this.db
      .updateTable("experiences")
      .set({ handover_webhook_secret: generate() })
      .where("id", "=", id)
      .where("handover_webhook_secret", "is", null)
      .execute();
    return (await read())?.handover_webhook_secret ?? undefined;
  }

  /** Replaces the webhook's signing key; returns whether the experience exists. */
  async setWebhookSecret(id: string, secret: string): Promise<boolean> {
    const result = await this.db
      .updateTable("experiences")
      .set({ handover_webhook_secret: secret })
      .where("id", "=", id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Deletes the experience and, through foreign keys, its documents and sessions. */
  async delete(id: string): Promise<boolean> {
    const result = await this.db.transaction().execute(async (transaction) => {
      await this.index.unindexExperience(transaction, id);
      return transaction.deleteFrom("experiences").where("id", "=", id).executeTakeFirst();
    });
    this.cache.clear();
    this.onPassagesRemoved();
    return result.numDeletedRows > 0n;
  }
}
