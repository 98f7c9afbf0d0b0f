import type {
  CreateExperienceRequest,
  EngineKind,
  Experience,
  RemoteWidgetConfig,
  UpdateExperienceRequest,
} from "@nexus-chat/protocol";
import type { Kysely, Selectable } from "kysely";
import type { DatabaseSchema, ExperienceTable } from "./database-schema.js";
import { readJson } from "./json-column.js";
import { unindexExperience } from "./sqlite-features.js";

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
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Experiences: one assistant each, with its engine, widget configuration and access rules. */
export class ExperienceStore {
  /** @param onPassagesRemoved called after an experience's passages left the search index. */
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly onPassagesRemoved: () => void = () => undefined,
  ) {}

  async create(request: CreateExperienceRequest & { id: string }): Promise<Experience> {
    const now = new Date().toISOString();
    await this.db
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
        created_at: now,
        updated_at: now,
      })
      .execute();
    return (await this.get(request.id))!;
  }

  async get(id: string): Promise<Experience | undefined> {
    const row = await this.db
      .selectFrom("experiences")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? toExperience(row) : undefined;
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
    const result = await this.db
      .updateTable("experiences")
      .set(values)
      .where("id", "=", id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return undefined;
    return this.get(id);
  }

  /** Deletes the experience and, through foreign keys, its documents and sessions. */
  async delete(id: string): Promise<boolean> {
    await unindexExperience(this.db, id);
    const result = await this.db.deleteFrom("experiences").where("id", "=", id).executeTakeFirst();
    this.onPassagesRemoved();
    return result.numDeletedRows > 0n;
  }
}
