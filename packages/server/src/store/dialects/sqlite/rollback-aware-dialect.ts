import type { Database } from "better-sqlite3";
import {
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from "kysely";

/**
 * Kysely's SQLite driver, except that it does not roll back a transaction that SQLite has
 * already rolled back by itself. After `SQLITE_FULL`, `SQLITE_IOERR`, `SQLITE_BUSY` or
 * `SQLITE_NOMEM`, SQLite may end the transaction; the `ROLLBACK` Kysely sends then fails with
 * "cannot rollback - no transaction is active" (`SQLITE_ERROR`), and that error replaced the
 * one that said the disk was full: found by the disk-full test, where a rolled-back write
 * answered 500 instead of 503.
 */
class RollbackAwareSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly database: Pick<Database, "inTransaction">,
  ) {
    super(config);
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.database.inTransaction) return;
    await super.rollbackTransaction(connection);
  }
}

/** Kysely's SQLite dialect with {@link RollbackAwareSqliteDriver}. */
export class RollbackAwareSqliteDialect extends SqliteDialect {
  constructor(
    private readonly dialectConfig: SqliteDialectConfig,
    private readonly database: Pick<Database, "inTransaction">,
  ) {
    super(dialectConfig);
  }

  override createDriver(): Driver {
    return new RollbackAwareSqliteDriver(this.dialectConfig, this.database);
  }
}
