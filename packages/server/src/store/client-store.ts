import { randomBytes } from "node:crypto";
import type { ApiClientSummary, Scope } from "@nexus-chat/protocol";
import type { Kysely } from "kysely";
import type { DatabaseSchema } from "./database-schema.js";
import { readJson } from "./json-column.js";

/** An API client, as stored (its secret only as a hash). */
export interface ApiClient {
  clientId: string;
  name: string;
  secretHash: string;
  scopes: Scope[];
  /** Experiences the client may use; `null` means all. */
  experienceIds: string[] | null;
}

/** API clients, refresh tokens and server settings such as the token-signing secret. */
export class ClientStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async createClient(client: ApiClient): Promise<void> {
    await this.db
      .insertInto("api_clients")
      .values({
        id: client.clientId,
        name: client.name,
        secret_hash: client.secretHash,
        scopes: JSON.stringify(client.scopes),
        experience_ids: client.experienceIds ? JSON.stringify(client.experienceIds) : null,
        created_at: new Date().toISOString(),
        revoked_at: null,
      })
      .execute();
  }

  async getClient(clientId: string): Promise<ApiClient | undefined> {
    const row = await this.db
      .selectFrom("api_clients")
      .selectAll()
      .where("id", "=", clientId)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      clientId: row.id,
      name: row.name,
      secretHash: row.secret_hash,
      scopes: readJson<Scope[]>(row.scopes, []),
      experienceIds: readJson<string[] | null>(row.experience_ids, null),
    };
  }

  /** Every client, revoked ones included, newest first (never their secrets). */
  async listClients(): Promise<ApiClientSummary[]> {
    const rows = await this.db
      .selectFrom("api_clients")
      .select(["id", "name", "scopes", "experience_ids", "created_at", "revoked_at"])
      .orderBy("created_at", "desc")
      .execute();
    return rows.map((row) => ({
      clientId: row.id,
      name: row.name,
      scopes: readJson<string[]>(row.scopes, []),
      experienceIds: readJson<string[] | null>(row.experience_ids, null),
      createdAt: row.created_at,
      revokedAt: row.revoked_at,
    }));
  }

  /**
   * Revokes a client: it can no longer exchange its secret or refresh tokens, and its refresh
   * tokens are deleted. Returns `false` when there is no such client or it was already revoked.
   */
  async revokeClient(clientId: string): Promise<boolean> {
    return this.db.transaction().execute(async (transaction) => {
      const result = await transaction
        .updateTable("api_clients")
        .set({ revoked_at: new Date().toISOString() })
        .where("id", "=", clientId)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await transaction.deleteFrom("refresh_tokens").where("client_id", "=", clientId).execute();
      return true;
    });
  }

  async saveRefreshToken(fields: {
    tokenHash: string;
    clientId: string;
    scopes: Scope[];
    expiresAt: string;
  }): Promise<void> {
    await this.db
      .insertInto("refresh_tokens")
      .values({
        token_hash: fields.tokenHash,
        client_id: fields.clientId,
        scopes: JSON.stringify(fields.scopes),
        expires_at: fields.expiresAt,
        revoked_at: null,
        created_at: new Date().toISOString(),
      })
      .execute();
  }

  /** Marks a refresh token used and returns it, or `undefined` when unknown, used or expired. */
  async consumeRefreshToken(
    tokenHash: string,
  ): Promise<{ clientId: string; scopes: Scope[] } | undefined> {
    const now = new Date().toISOString();
    const result = await this.db
      .updateTable("refresh_tokens")
      .set({ revoked_at: now })
      .where("token_hash", "=", tokenHash)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", now)
      .returning(["client_id", "scopes"])
      .executeTakeFirst();
    return result
      ? { clientId: result.client_id, scopes: readJson<Scope[]>(result.scopes, []) }
      : undefined;
  }

  async getSetting(key: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom("server_settings")
      .select("value")
      .where("key", "=", key)
      .executeTakeFirst();
    return row?.value;
  }

  /** Stores a setting, replacing the one there is. */
  async writeSetting(key: string, value: string): Promise<void> {
    await this.db
      .insertInto("server_settings")
      .values({ key, value })
      .onConflict((conflict) => conflict.column("key").doUpdateSet({ value }))
      .execute();
  }

  /**
   * Throws the database's error unless it can store now: a committed write (fails on a file or
   * connection turned read-only, or a disk too full for the write-ahead log to grow), then a
   * row of 8 KB that is rolled back, which needs pages the database does not have yet once its
   * free pages are used up (fails on a full disk even while an update in place still fits:
   * measured with SQLite's `max_page_count`, where the update went through and inserts failed).
   */
  async checkWritable(): Promise<void> {
    await this.writeSetting("health-check", new Date().toISOString());
    const rolledBack = new Error("health check: rolled back");
    try {
      await this.db.transaction().execute(async (transaction) => {
        await transaction
          .insertInto("server_settings")
          .values({ key: "health-check-room", value: randomBytes(4096).toString("hex") })
          .onConflict((conflict) => conflict.doNothing())
          .execute();
        throw rolledBack;
      });
    } catch (error) {
      if (error !== rolledBack) throw error;
    }
  }

  /** Stores a setting unless one exists; returns the value that is stored now. */
  async ensureSetting(key: string, value: string): Promise<string> {
    await this.db
      .insertInto("server_settings")
      .values({ key, value })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    return (await this.getSetting(key)) ?? value;
  }

  /**
   * Takes the named lease (a `server_settings` row) for `durationMs` unless another holder has
   * it and it has not expired; returns whether this holder has it now. Several server processes
   * use it to do once what each would otherwise do at start-up (the demo seed).
   */
  async acquireLease(name: string, holder: string, durationMs: number): Promise<boolean> {
    const key = `lease:${name}`;
    const value = JSON.stringify({ holder, expiresAt: Date.now() + durationMs });
    const inserted = await this.db
      .insertInto("server_settings")
      .values({ key, value })
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst();
    if ((inserted.numInsertedOrUpdatedRows ?? 0n) > 0n) return true;
    const current = await this.getSetting(key);
    if (current === undefined) return this.acquireLease(name, holder, durationMs);
    const lease = readJson<{ holder?: string; expiresAt?: number }>(current, {});
    if (lease.holder !== holder && (lease.expiresAt ?? 0) > Date.now()) return false;
    // Expired (its holder died) or ours: take it over unless someone else just did.
    const updated = await this.db
      .updateTable("server_settings")
      .set({ value })
      .where("key", "=", key)
      .where("value", "=", current)
      .executeTakeFirst();
    return updated.numUpdatedRows > 0n;
  }

  /** Gives the lease back, if this holder still has it. */
  async releaseLease(name: string, holder: string): Promise<void> {
    const key = `lease:${name}`;
    const current = await this.getSetting(key);
    if (current === undefined || readJson<{ holder?: string }>(current, {}).holder !== holder)
      return;
    await this.db
      .deleteFrom("server_settings")
      .where("key", "=", key)
      .where("value", "=", current)
      .execute();
  }
}
