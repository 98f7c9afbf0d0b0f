import { sql, type Kysely } from "kysely";
import type { DatabaseSchema } from "./database-schema.js";
import { fillConsoleRollups } from "./migrations.js";
import type { Store } from "./store.js";

/**
 * The tables in an order that satisfies their foreign keys (a row's parent is copied before it).
 * Tables added later by migrations and missing here are copied after these, in name order.
 */
const tableOrder = [
  "experiences",
  "documents",
  "passages",
  "sessions",
  "turns",
  "feedback",
  "link_clicks",
  "widget_events",
  "handovers",
  "api_clients",
  "refresh_tokens",
  "ingestion_jobs",
  "server_settings",
  "operators",
  "operator_sessions",
  "web_sources",
  "web_pages",
];

/**
 * Tables that belong to the migrator or to a dialect's own index, never copied as rows; and the
 * beats of the source's processes, which say nothing about the target's.
 */
const notCopied = (table: string) =>
  table === "server_processes" ||
  table.startsWith("kysely_") ||
  table.startsWith("passages_fts") ||
  table.startsWith("turn_text") ||
  table.startsWith("sqlite_");

/**
 * The console's rollups (migration 0005): kept by triggers as rows are inserted, so the copy
 * does not copy them but counts them again from the copied rows once everything is in.
 */
const rebuiltNotCopied = (table: string) => /^console_\w*days$/.test(table);

/** Rows per `INSERT`, kept under both databases' limits on bound parameters. */
const rowsPerInsert = (columns: number) => Math.max(1, Math.min(500, Math.floor(30_000 / columns)));

/** One table's share of a copy. */
export interface TableCopy {
  table: string;
  rows: number;
}

/** What {@link copyData} reports as it goes. */
export interface CopyProgress {
  table: string;
  /** Rows of every table copied so far, and of all of them together. */
  copied: number;
  total: number;
}

/** Thrown when the target already holds rows: nothing was written. */
export class TargetNotEmptyError extends Error {
  constructor(readonly occupied: TableCopy[]) {
    super(
      `the target database is not empty (${occupied
        .map(({ table, rows }) => `${rows} ${rows === 1 ? "row" : "rows"} in ${table}`)
        .join(
          ", ",
        )}). copy-data copies into an empty database only: create a new database, or empty this one, and run it again.`,
    );
    this.name = "TargetNotEmptyError";
  }
}

/** Thrown when a table's count differs after the copy; the copy was rolled back. */
export class CopyVerificationError extends Error {
  constructor(readonly mismatches: Array<{ table: string; source: number; target: number }>) {
    super(
      `the copy did not verify, and was rolled back: ${mismatches
        .map(
          ({ table, source, target }) =>
            `${table} has ${source} rows in the source, ${target} in the target`,
        )
        .join("; ")}`,
    );
    this.name = "CopyVerificationError";
  }
}

async function columnsOf(db: Kysely<DatabaseSchema>): Promise<Map<string, string[]>> {
  const tables = await db.introspection.getTables();
  return new Map(tables.map((table) => [table.name, table.columns.map((column) => column.name)]));
}

async function countRows(db: Kysely<DatabaseSchema>, table: string): Promise<number> {
  const { rows } = await sql<{ count: number | string }>`
    SELECT count(*) AS count FROM ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.count ?? 0);
}

/**
 * Copies every row of every table from one store into another, empty one (both migrated to the
 * latest schema), in one transaction on the target: it holds everything or, if anything fails,
 * nothing. The target's passage index is built for the copied passages, serial counters are
 * moved past the copied ids, and every table's count is compared at the end. Refuses, before
 * writing, a target that holds any row.
 */
export async function copyData(
  from: Store,
  to: Store,
  onProgress: (progress: CopyProgress) => void = () => undefined,
): Promise<TableCopy[]> {
  const sourceColumns = await columnsOf(from.db);
  const targetColumns = await columnsOf(to.db);
  const tables = [...targetColumns.keys()]
    .filter((table) => !notCopied(table) && sourceColumns.has(table))
    .sort((a, b) => {
      const rank = (table: string) =>
        tableOrder.includes(table) ? tableOrder.indexOf(table) : tableOrder.length;
      return rank(a) - rank(b) || a.localeCompare(b);
    });

  const occupied: TableCopy[] = [];
  for (const table of tables) {
    const rows = await countRows(to.db, table);
    if (rows > 0) occupied.push({ table, rows });
  }
  if (occupied.length > 0) throw new TargetNotEmptyError(occupied);

  const counts: TableCopy[] = [];
  for (const table of tables) counts.push({ table, rows: await countRows(from.db, table) });
  const total = counts
    .filter(({ table }) => !rebuiltNotCopied(table))
    .reduce((sum, { rows }) => sum + rows, 0);

  await to.db.transaction().execute(async (target) => {
    let copied = 0;
    onProgress({ table: tables[0] ?? "", copied, total });
    for (const table of tables) {
      if (rebuiltNotCopied(table)) continue;
      const wanted = new Set(targetColumns.get(table));
      // Columns both have: a dialect's own index column (PostgreSQL's `search`) is left out
      // and rebuilt by the target's index below.
      const columns = (sourceColumns.get(table) ?? []).filter(
        (column) => wanted.has(column) && !(table === "passages" && column === "search"),
      );
      const key = columns[0]!;
      const batch = rowsPerInsert(columns.length);
      let after: unknown;
      for (;;) {
        // Keyset pages on the first column, the primary key of every table: each page is one
        // indexed range read, however far into the table.
        let page = from.db
          .selectFrom(table as keyof DatabaseSchema)
          .select(columns.map((column) => sql.ref(column).as(column)))
          .orderBy(sql.ref(key))
          .limit(batch);
        if (after !== undefined) page = page.where(sql.ref(key), ">", after as never);
        const rows = (await page.execute()) as Array<Record<string, unknown>>;
        if (rows.length === 0) break;
        await target
          .insertInto(table as keyof DatabaseSchema)
          .values(rows as never)
          .execute();
        if (table === "passages") {
          await to.knowledge.indexCopiedPassages(
            target,
            rows.map((row) => Number(row.id)),
          );
        }
        after = rows.at(-1)![key];
        copied += rows.length;
        onProgress({ table, copied, total });
        if (rows.length < batch) break;
      }
    }
    await to.syncSerialIds(target);
    // The triggers added to the rollups (and to the sessions' counters) as the rows went in, on
    // top of the counters copied with the sessions: count them again from the rows.
    for (const table of tables.filter(rebuiltNotCopied)) {
      await target.deleteFrom(table as keyof DatabaseSchema).execute();
    }
    if (tables.some(rebuiltNotCopied)) await fillConsoleRollups(target);

    const mismatches: Array<{ table: string; source: number; target: number }> = [];
    for (const { table, rows } of counts) {
      const copiedRows = await countRows(target, table);
      if (copiedRows !== rows) mismatches.push({ table, source: rows, target: copiedRows });
    }
    const passages = counts.find(({ table }) => table === "passages")?.rows ?? 0;
    const indexed = await to.knowledge.countIndexedPassages(target);
    if (indexed !== passages) {
      mismatches.push({ table: "the passage index", source: passages, target: indexed });
    }
    if (mismatches.length > 0) throw new CopyVerificationError(mismatches);
  });
  return counts;
}
