/**
 * `npm run bench:console [-- --quick] [-- --database-url postgres://…]`: the console's API against
 * a large history. Generates 100,000 sessions and 500,000 turns (with ratings, link clicks,
 * hand-overs and widget events) over 90 days into a SQLite file (or a fresh PostgreSQL database),
 * then times the analytics and conversations calls in process
 * (app.inject: the server's own time, no network), and reports p50/p95 against the 200 ms target,
 * with the console's JavaScript size from its build. `--quick` uses a tenth of the data.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { ConsoleAccess, createApp } from "@nexus-chat/server";
import { measurePageRenders, type ConsolePage } from "./page-render.js";

const quick = process.argv.includes("--quick");
/**
 * `--database-url postgres://…` (a server whose user may create databases): runs on a fresh
 * PostgreSQL database there, dropped at the end, instead of a temporary SQLite file.
 */
const databaseArgument = process.argv.indexOf("--database-url");
const postgresServerUrl = databaseArgument === -1 ? undefined : process.argv[databaseArgument + 1];
if (postgresServerUrl !== undefined && !/^postgres(ql)?:\/\//.test(postgresServerUrl))
  throw new Error("--database-url takes a postgres:// URL (SQLite is the default)");
const sessionCount = quick ? 10_000 : 100_000;
const turnsPerSession = 5;
const rounds = quick ? 5 : 20;
/** Page loads per console page in Chromium, and their target. */
const pageRounds = 5;
const pageTargetMs = 1000;
const targetMs = 200;
const dayMs = 86_400_000;
const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

const questions = [
  "how do i get a refund",
  "what are your opening hours",
  "do you ship to europe",
  "can i pay with bitcoin",
  "where is my order",
  "how do i change my password",
  "is there a student discount",
  "can i return a gift",
];

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

/** The rows of one table, in column order, as both writers bind them. */
type Row = Array<string | number | null>;
/** Every generated row, by table, with the table's columns. */
interface Generated {
  table: string;
  columns: string[];
  rows: Row[];
}

/**
 * Calls `write` with the history's rows in batches (per table, in an order that keeps foreign
 * keys valid): `sessionCount` sessions over 90 days, five turns each, one in ten turns rated, one
 * in twenty with a link click, a hand-over every fifty sessions, two widget events per session.
 */
async function generateHistory(
  now: number,
  write: (batch: Generated[]) => Promise<void>,
): Promise<void> {
  const sessionColumns = [
    "id",
    "experience_id",
    "user_id",
    "status",
    "metadata",
    "created_at",
    "last_activity_at",
    "ended_at",
  ];
  const turnColumns = [
    "id",
    "position",
    "session_id",
    "experience_id",
    "query",
    "answer",
    "sources",
    "actions",
    "status",
    "metadata",
    "created_at",
    "time_to_first_delta",
    "duration",
    "confidence",
    "answered",
  ];
  const feedbackColumns = [
    "id",
    "query_id",
    "session_id",
    "rating",
    "comment",
    "created_at",
    "updated_at",
  ];
  const clickColumns = [
    "experience_id",
    "session_id",
    "query_id",
    "href",
    "text",
    "protocol",
    "created_at",
  ];
  const handoverColumns = [
    "id",
    "session_id",
    "reason",
    "priority",
    "metadata",
    "status",
    "created_at",
  ];
  const eventColumns = [
    "experience_id",
    "session_id",
    "name",
    "timestamp",
    "payload",
    "received_at",
  ];
  const batchSessions = 1000;
  for (let first = 0; first < sessionCount; first += batchSessions) {
    const sessions: Row[] = [];
    const turns: Row[] = [];
    const feedback: Row[] = [];
    const clicks: Row[] = [];
    const handovers: Row[] = [];
    const events: Row[] = [];
    for (let index = first; index < Math.min(sessionCount, first + batchSessions); index += 1) {
      const sessionId = randomUUID();
      const experienceId = index % 3 === 0 ? "support" : "shop";
      const started = now - ((index * 90 * dayMs) / sessionCount + (index % 997) * 1000);
      const at = (offset: number) => new Date(started + offset * 30_000).toISOString();
      const end = at(turnsPerSession);
      sessions.push([sessionId, experienceId, null, "completed", "{}", at(0), end, end]);
      for (let position = 1; position <= turnsPerSession; position += 1) {
        const turnId = randomUUID();
        // One session in a thousand asks about a voucher: the rare word of the text search.
        const question = `${questions[(index + position) % questions.length]}${index % 7 === 0 ? " please" : ""}${index % 1000 === 0 ? " with a voucher" : ""}`;
        const answered = (index + position) % 5 === 0 ? 0 : 1;
        turns.push([
          turnId,
          position,
          sessionId,
          experienceId,
          question,
          answered
            ? "Here is what the documentation says about that."
            : "I couldn't find anything.",
          answered ? '[{"id":"d","title":"Docs","url":null,"snippet":"","score":1}]' : "[]",
          null,
          "complete",
          "{}",
          at(position),
          40,
          300,
          null,
          answered,
        ]);
        if ((index + position) % 10 === 0)
          feedback.push([
            randomUUID(),
            turnId,
            sessionId,
            position % 2 ? "positive" : "negative",
            null,
            at(position),
            at(position),
          ]);
        if ((index + position) % 20 === 0)
          clicks.push([
            experienceId,
            sessionId,
            turnId,
            `https://docs.example/${position}`,
            "Docs",
            "https:",
            at(position),
          ]);
      }
      if (index % 50 === 0)
        handovers.push([randomUUID(), sessionId, "asked", "normal", "{}", "pending", end]);
      events.push([experienceId, sessionId, "open", at(0), "{}", at(0)]);
      events.push([experienceId, sessionId, "messageComplete", at(1), "{}", at(1)]);
    }
    await write([
      { table: "sessions", columns: sessionColumns, rows: sessions },
      { table: "turns", columns: turnColumns, rows: turns },
      { table: "feedback", columns: feedbackColumns, rows: feedback },
      { table: "link_clicks", columns: clickColumns, rows: clicks },
      { table: "handovers", columns: handoverColumns, rows: handovers },
      { table: "widget_events", columns: eventColumns, rows: events },
    ]);
  }
}

const experiences: Generated = {
  table: "experiences",
  columns: [
    "id",
    "name",
    "engine",
    "engine_options",
    "widget",
    "require_auth",
    "allowed_origins",
    "handover_webhook_url",
    "created_at",
    "updated_at",
  ],
  rows: ["shop", "support"].map((id) => {
    const now = new Date().toISOString();
    return [id, id, "retrieval", "{}", "{}", 0, "[]", null, now, now];
  }),
};

/** Fills the SQLite file: prepared statements, one transaction per batch. */
async function fillSqlite(path: string, now: number): Promise<void> {
  const db = new Database(path);
  const statements = new Map<string, Database.Statement>();
  const insert = (batches: Generated[]) =>
    db.transaction(() => {
      for (const { table, columns, rows } of batches) {
        let statement = statements.get(table);
        if (!statement) {
          statement = db.prepare(
            `insert into ${table} (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`,
          );
          statements.set(table, statement);
        }
        for (const row of rows) statement.run(...row);
      }
    })();
  insert([experiences]);
  await generateHistory(now, async (batches) => insert(batches));
  db.exec("analyze");
  db.close();
}

/** Fills the PostgreSQL database: multi-row inserts, one transaction per batch. */
async function fillPostgres(url: string, now: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const insert = async (batches: Generated[]) => {
    await client.query("begin");
    for (const { table, columns, rows } of batches) {
      // At most 65,535 parameters per statement.
      const perStatement = Math.floor(60_000 / columns.length);
      for (let first = 0; first < rows.length; first += perStatement) {
        const chunk = rows.slice(first, first + perStatement);
        const values = chunk
          .map(
            (_, row) =>
              `(${columns.map((__, column) => `$${row * columns.length + column + 1}`).join(", ")})`,
          )
          .join(", ");
        await client.query(
          `insert into ${table} (${columns.join(", ")}) values ${values}`,
          chunk.flat().map((value, position) =>
            // `answered` is the last turn column: PostgreSQL takes booleans there.
            table === "turns" && position % columns.length === columns.length - 1
              ? value === null
                ? null
                : value === 1
              : value,
          ),
        );
      }
    }
    await client.query("commit");
  };
  await insert([experiences]);
  await generateHistory(now, insert);
  await client.query("analyze");
  await client.end();
}

/** A fresh database on the PostgreSQL server of `serverUrl`, and how to drop it. */
async function createPostgresDatabase(serverUrl: string) {
  const name = `nexus_bench_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

// Closing the app waits on unref'd timers (the WAL checkpointer); keep the process alive meanwhile.
const keepAlive = setInterval(() => undefined, 1000);
const directory = mkdtempSync(join(tmpdir(), "nexus-bench-console-"));
const postgres = postgresServerUrl ? await createPostgresDatabase(postgresServerUrl) : undefined;
const databaseUrl = postgres?.url ?? `sqlite:${join(directory, "nexus.sqlite")}`;
try {
  // Migrate once through the app, then fill the tables directly (the rollup triggers count).
  const setup = await createApp({
    databaseUrl,
    logLevel: "silent",
    rateLimits: false,
    searchWorkers: 0,
  });
  await setup.close();
  const generationStarted = performance.now();
  const now = Date.now();
  if (postgres) await fillPostgres(postgres.url, now);
  else await fillSqlite(join(directory, "nexus.sqlite"), now);
  console.log(
    `Generated ${sessionCount.toLocaleString("en")} sessions, ${(sessionCount * turnsPerSession).toLocaleString("en")} turns into ${postgres ? "PostgreSQL" : "SQLite"} in ${((performance.now() - generationStarted) / 1000).toFixed(1)} s.`,
  );

  const app = await createApp({
    databaseUrl,
    logLevel: "silent",
    rateLimits: false,
    searchWorkers: 0,
    passwordCost: { N: 1024, r: 8, p: 1 },
  });
  await new ConsoleAccess(app.nexus.store.operators, { N: 1024, r: 8, p: 1 }).createOperator({
    email: "bench@example.com",
    displayName: "Bench",
    role: "admin",
    password: "bench password",
  });
  const signIn = await app.inject({
    method: "POST",
    url: "/api/v2/console/sign-in",
    payload: { email: "bench@example.com", password: "bench password" },
  });
  const cookie = String(signIn.headers["set-cookie"]).split(";")[0] ?? "";
  const sample = (
    await app.inject({
      method: "GET",
      url: "/api/v2/console/conversations?limit=1",
      headers: { cookie },
    })
  ).json<{ items: Array<{ sessionId: string }> }>().items[0]?.sessionId;

  // Where page 100 ends: the console's "Next" asks for what follows it by cursor.
  const cursorAt2500 = (
    await app.inject({
      method: "GET",
      url: "/api/v2/console/conversations?offset=2475&limit=25",
      headers: { cookie },
    })
  ).json<{ nextCursor: string }>().nextCursor;
  const calls: Array<[string, string]> = [
    ["analytics, last 30 days", "/analytics"],
    [
      "analytics, 90 days, one assistant",
      `/analytics?from=${new Date(now - 90 * dayMs).toISOString().slice(0, 10)}&assistantId=shop`,
    ],
    ["unanswered questions, grouped", "/analytics/unanswered"],
    ["top questions, grouped", "/analytics/top-questions"],
    ["top links", "/analytics/top-links"],
    ["conversations, first page", "/conversations"],
    ["conversations, not answered", "/conversations?notAnswered=true"],
    ["conversations, rated negative", "/conversations?rating=negative"],
    ["conversations, text search, common word", "/conversations?search=bitcoin"],
    ["conversations, text search, rare word", "/conversations?search=voucher"],
    ["conversations, page 100", "/conversations?offset=2500&limit=25"],
    ["conversations, page 101 by cursor", `/conversations?after=${cursorAt2500}&limit=25`],
    ["transcript", `/conversations/${sample}`],
  ];
  const results: Array<{ call: string; p50: number; p95: number; met: boolean }> = [];
  for (const [name, url] of calls) {
    const times: number[] = [];
    // One untimed call first: a server's caches and pages are warm after its first request, and
    // with 20 rounds the p95 is the slowest call, so a cold first read would be the figure.
    for (let round = -1; round < rounds; round += 1) {
      const started = performance.now();
      const response = await app.inject({
        method: "GET",
        url: `/api/v2/console${url}`,
        headers: { cookie },
      });
      if (round >= 0) times.push(performance.now() - started);
      if (response.statusCode !== 200)
        throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    }
    times.sort((left, right) => left - right);
    const p95 = percentile(times, 0.95);
    results.push({ call: name, p50: percentile(times, 0.5), p95, met: p95 <= targetMs });
  }
  const consoleBuilt = existsSync(join(repositoryRoot, "packages/console/dist/console.js"));
  const assistantId = "shop";
  const consolePages: ConsolePage[] = [
    { name: "Conversations", hash: "#/conversations" },
    { name: "Transcript", hash: `#/conversations/${sample}` },
    { name: "Analytics", hash: "#/analytics" },
    { name: "Assistants", hash: `#/assistants/${assistantId}` },
    { name: "Knowledge base", hash: `#/knowledge/${assistantId}` },
    { name: "Operators & API clients", hash: "#/operators" },
  ];
  let renders: Awaited<ReturnType<typeof measurePageRenders>> = [];
  if (consoleBuilt) {
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    renders = await measurePageRenders(
      `http://127.0.0.1:${port}`,
      cookie,
      consolePages,
      quick ? 2 : pageRounds,
    );
  }
  await app.close();

  const load = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
  console.log(
    `\nConsole API on ${postgres ? "PostgreSQL" : "SQLite"}, ${rounds} calls each, in process (load average ${load}):`,
  );
  for (const result of results) {
    console.log(
      `  ${result.call.padEnd(40)} p50 ${result.p50.toFixed(1).padStart(7)} ms  p95 ${result.p95.toFixed(1).padStart(7)} ms  ${result.met ? "met" : `MISSED (target ${targetMs} ms)`}`,
    );
  }
  const sizes = join(repositoryRoot, "packages/console/dist/sizes.json");
  if (existsSync(sizes)) {
    const brotli = (
      JSON.parse(readFileSync(sizes, "utf8")) as { "console.js": { brotli: number } }
    )["console.js"].brotli;
    console.log(
      `Console JavaScript: ${(brotli / 1024).toFixed(1)} KiB brotli (target 120 KiB): ${brotli <= 120 * 1024 ? "met" : "MISSED"}`,
    );
  } else {
    console.log("Console JavaScript: not built (run npm run build).");
  }
  if (renders.length > 0) {
    console.log(
      `\nConsole pages' first render with their data in Chromium (navigation start to the first frame after the data arrived; a fresh context each, ${quick ? 2 : pageRounds} rounds):`,
    );
    for (const render of renders) {
      console.log(
        `  ${render.page.padEnd(36)} p50 ${render.p50.toFixed(0).padStart(5)} ms  max ${render.max.toFixed(0).padStart(5)} ms  ${render.max <= pageTargetMs ? "met" : `MISSED (target ${pageTargetMs} ms)`}`,
      );
    }
  }
} finally {
  await postgres?.drop();
  rmSync(directory, { recursive: true, force: true });
  clearInterval(keepAlive);
}
