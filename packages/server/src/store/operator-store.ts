import type { Operator, OperatorRole } from "@nexus-chat/protocol";
import type { Kysely, Selectable } from "kysely";
import type { DatabaseSchema, OperatorTable } from "./database-schema.js";
import { readJson } from "./json-column.js";

/** An operator with the hash of their password, as the sign-in needs it. */
export interface StoredOperator extends Operator {
  passwordHash: string;
}

/** A console session found by its token's hash, with its operator. */
export interface StoredOperatorSession {
  operator: Operator;
  csrfToken: string;
  expiresAt: string;
}

function toOperator(row: Selectable<OperatorTable>): StoredOperator {
  return {
    operatorId: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role as OperatorRole,
    disabled: row.disabled !== 0,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
    experienceIds: readJson<string[] | null>(row.experience_ids, null),
    passwordHash: row.password_hash,
  };
}

/** Without the password hash, for anything that leaves the server. */
export function publicOperator(operator: StoredOperator): Operator {
  const { passwordHash: _passwordHash, ...rest } = operator;
  return rest;
}

/** Console operators and their server-side sessions (portable Kysely: SQLite and PostgreSQL). */
export class OperatorStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async create(fields: {
    operatorId: string;
    email: string;
    displayName: string;
    role: OperatorRole;
    passwordHash: string;
    experienceIds?: readonly string[] | null | undefined;
  }): Promise<Operator> {
    const now = new Date().toISOString();
    await this.db
      .insertInto("operators")
      .values({
        id: fields.operatorId,
        email: normaliseEmail(fields.email),
        display_name: fields.displayName,
        role: fields.role,
        password_hash: fields.passwordHash,
        disabled: 0,
        created_at: now,
        updated_at: now,
        last_sign_in_at: null,
        experience_ids: fields.experienceIds ? JSON.stringify(fields.experienceIds) : null,
      })
      .execute();
    const created = await this.get(fields.operatorId);
    if (!created) throw new Error("the operator just created is missing");
    return publicOperator(created);
  }

  async get(operatorId: string): Promise<StoredOperator | undefined> {
    const row = await this.db
      .selectFrom("operators")
      .selectAll()
      .where("id", "=", operatorId)
      .executeTakeFirst();
    return row ? toOperator(row) : undefined;
  }

  async findByEmail(email: string): Promise<StoredOperator | undefined> {
    const row = await this.db
      .selectFrom("operators")
      .selectAll()
      .where("email", "=", normaliseEmail(email))
      .executeTakeFirst();
    return row ? toOperator(row) : undefined;
  }

  async list(): Promise<Operator[]> {
    const rows = await this.db.selectFrom("operators").selectAll().orderBy("email").execute();
    return rows.map((row) => publicOperator(toOperator(row)));
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom("operators")
      .select((expression) => expression.fn.countAll<number>().as("count"))
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** Active admins other than `exceptId`: the last one may not be demoted or disabled. */
  async countActiveAdmins(exceptId?: string): Promise<number> {
    let query = this.db
      .selectFrom("operators")
      .select((expression) => expression.fn.countAll<number>().as("count"))
      .where("role", "=", "admin")
      .where("disabled", "=", 0);
    if (exceptId !== undefined) query = query.where("id", "!=", exceptId);
    return Number((await query.executeTakeFirst())?.count ?? 0);
  }

  /**
   * Changes an operator. Disabling, or a new password, deletes their sessions in the same
   * transaction, so the next request of any of their browsers is refused.
   */
  async update(
    operatorId: string,
    changes: {
      displayName?: string | undefined;
      role?: OperatorRole | undefined;
      disabled?: boolean | undefined;
      passwordHash?: string | undefined;
      experienceIds?: readonly string[] | null | undefined;
    },
  ): Promise<Operator | undefined> {
    await this.db.transaction().execute(async (transaction) => {
      await transaction
        .updateTable("operators")
        .set({
          updated_at: new Date().toISOString(),
          ...(changes.displayName !== undefined && { display_name: changes.displayName }),
          ...(changes.role !== undefined && { role: changes.role }),
          ...(changes.disabled !== undefined && { disabled: changes.disabled ? 1 : 0 }),
          ...(changes.passwordHash !== undefined && { password_hash: changes.passwordHash }),
          ...(changes.experienceIds !== undefined && {
            experience_ids:
              changes.experienceIds === null ? null : JSON.stringify(changes.experienceIds),
          }),
        })
        .where("id", "=", operatorId)
        .execute();
      if (changes.disabled === true || changes.passwordHash !== undefined) {
        await transaction
          .deleteFrom("operator_sessions")
          .where("operator_id", "=", operatorId)
          .execute();
      }
    });
    const updated = await this.get(operatorId);
    return updated ? publicOperator(updated) : undefined;
  }

  async createSession(fields: {
    tokenHash: string;
    operatorId: string;
    csrfToken: string;
    expiresAt: string;
  }): Promise<void> {
    const now = new Date().toISOString();
    await this.db
      .insertInto("operator_sessions")
      .values({
        token_hash: fields.tokenHash,
        operator_id: fields.operatorId,
        csrf_token: fields.csrfToken,
        created_at: now,
        expires_at: fields.expiresAt,
      })
      .execute();
    await this.db
      .updateTable("operators")
      .set({ last_sign_in_at: now })
      .where("id", "=", fields.operatorId)
      .execute();
  }

  /** The unexpired session with this token hash, with its operator (disabled or not). */
  async findSession(tokenHash: string): Promise<StoredOperatorSession | undefined> {
    const row = await this.db
      .selectFrom("operator_sessions")
      .innerJoin("operators", "operators.id", "operator_sessions.operator_id")
      .selectAll("operators")
      .select([
        "operator_sessions.csrf_token as session_csrf_token",
        "operator_sessions.expires_at as session_expires_at",
      ])
      .where("operator_sessions.token_hash", "=", tokenHash)
      .where("operator_sessions.expires_at", ">", new Date().toISOString())
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      operator: publicOperator(toOperator(row)),
      csrfToken: row.session_csrf_token,
      expiresAt: row.session_expires_at,
    };
  }

  async extendSession(tokenHash: string, expiresAt: string): Promise<void> {
    await this.db
      .updateTable("operator_sessions")
      .set({ expires_at: expiresAt })
      .where("token_hash", "=", tokenHash)
      .execute();
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom("operator_sessions").where("token_hash", "=", tokenHash).execute();
  }

  /** Notes that the operator has the console's Inbox open now (presence, issue 13). */
  async markInboxSeen(operatorId: string): Promise<void> {
    await this.db
      .updateTable("operators")
      .set({ inbox_seen_at: new Date().toISOString() })
      .where("id", "=", operatorId)
      .execute();
  }

  /** Enabled operators who had the Inbox open since `since` (ISO 8601). */
  /** Ids of the enabled operators whose Inbox reported them after `since`. */
  async idsInInboxSince(since: string): Promise<Set<string>> {
    return new Set((await this.listInInboxSince(since)).map((operator) => operator.operatorId));
  }

  async listInInboxSince(since: string): Promise<Operator[]> {
    const rows = await this.db
      .selectFrom("operators")
      .selectAll()
      .where("inbox_seen_at", ">", since)
      .where("disabled", "=", 0)
      .execute();
    return rows.map((row) => publicOperator(toOperator(row)));
  }

  /** Removes sessions that have expired; returns how many. */
  async deleteExpiredSessions(): Promise<number> {
    const result = await this.db
      .deleteFrom("operator_sessions")
      .where("expires_at", "<=", new Date().toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/** E-mail addresses compare without case or surrounding spaces. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
