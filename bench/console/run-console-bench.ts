/**
 * `npm run bench:console [-- --quick]`: the console's API against a large history. Generates
 * 100,000 sessions and 500,000 turns (with ratings, link clicks, hand-overs and widget events)
 * over 90 days into a SQLite file, then times the analytics and conversations calls in process
 * (app.inject: the server's own time, no network), and reports p50/p95 against the 200 ms target,
 * with the console's JavaScript size from its build. `--quick` uses a tenth of the data.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { ConsoleAccess, createApp } from "@nexus-chat/server";

const quick = process.argv.includes("--quick");
const sessionCount = quick ? 10_000 : 100_000;
const turnsPerSession = 5;
const rounds = quick ? 5 : 20;
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

// Closing the app waits on unref'd timers (the WAL checkpointer); keep the process alive meanwhile.
const keepAlive = setInterval(() => undefined, 1000);
const directory = mkdtempSync(join(tmpdir(), "nexus-bench-console-"));
const databasePath = join(directory, "nexus.sqlite");
try {
  // Migrate once through the app, then fill the tables directly (one transaction).
  const setup = await createApp({
    databaseUrl: `sqlite:${databasePath}`,
    logLevel: "silent",
    rateLimits: false,
    searchWorkers: 0,
  });
  await setup.close();
  const generationStarted = performance.now();
  const db = new Database(databasePath);
  const insertSession = db.prepare(
    "insert into sessions (id, experience_id, user_id, status, metadata, created_at, last_activity_at, ended_at) values (?, ?, null, 'completed', '{}', ?, ?, ?)",
  );
  const insertTurn = db.prepare(
    "insert into turns (id, position, session_id, experience_id, query, answer, sources, actions, status, metadata, created_at, time_to_first_delta, duration, confidence, answered) values (?, ?, ?, ?, ?, ?, ?, null, 'complete', '{}', ?, 40, 300, null, ?)",
  );
  const insertFeedback = db.prepare(
    "insert into feedback (id, query_id, session_id, rating, comment, created_at, updated_at) values (?, ?, ?, ?, null, ?, ?)",
  );
  const insertClick = db.prepare(
    "insert into link_clicks (experience_id, session_id, query_id, href, text, protocol, created_at) values (?, ?, ?, ?, 'Docs', 'https:', ?)",
  );
  const insertHandover = db.prepare(
    "insert into handovers (id, session_id, reason, priority, metadata, status, created_at) values (?, ?, 'asked', 'normal', '{}', 'pending', ?)",
  );
  const insertEvent = db.prepare(
    "insert into widget_events (experience_id, session_id, name, timestamp, payload, received_at) values (?, ?, ?, ?, '{}', ?)",
  );
  const now = Date.now();
  db.transaction(() => {
    for (const id of ["shop", "support"]) {
      db.prepare(
        "insert into experiences (id, name, engine, engine_options, widget, require_auth, allowed_origins, handover_webhook_url, created_at, updated_at) values (?, ?, 'retrieval', '{}', '{}', 0, '[]', null, ?, ?)",
      ).run(id, id, new Date(now).toISOString(), new Date(now).toISOString());
    }
    for (let index = 0; index < sessionCount; index += 1) {
      const sessionId = randomUUID();
      const experienceId = index % 3 === 0 ? "support" : "shop";
      const started = now - ((index * 90 * dayMs) / sessionCount + (index % 997) * 1000);
      const at = (offset: number) => new Date(started + offset * 30_000).toISOString();
      insertSession.run(sessionId, experienceId, at(0), at(turnsPerSession), at(turnsPerSession));
      for (let position = 1; position <= turnsPerSession; position += 1) {
        const turnId = randomUUID();
        const question = `${questions[(index + position) % questions.length]}${index % 7 === 0 ? " please" : ""}`;
        const answered = (index + position) % 5 === 0 ? 0 : 1;
        insertTurn.run(
          turnId,
          position,
          sessionId,
          experienceId,
          question,
          answered
            ? "Here is what the documentation says about that."
            : "I couldn't find anything.",
          answered ? '[{"id":"d","title":"Docs","url":null,"snippet":"","score":1}]' : "[]",
          at(position),
          answered,
        );
        if ((index + position) % 10 === 0)
          insertFeedback.run(
            randomUUID(),
            turnId,
            sessionId,
            position % 2 ? "positive" : "negative",
            at(position),
            at(position),
          );
        if ((index + position) % 20 === 0)
          insertClick.run(
            experienceId,
            sessionId,
            turnId,
            `https://docs.example/${position}`,
            at(position),
          );
      }
      if (index % 50 === 0) insertHandover.run(randomUUID(), sessionId, at(turnsPerSession));
      insertEvent.run(experienceId, sessionId, "open", at(0), at(0));
      insertEvent.run(experienceId, sessionId, "messageComplete", at(1), at(1));
    }
  })();
  db.exec("analyze");
  db.close();
  console.log(
    `Generated ${sessionCount.toLocaleString("en")} sessions, ${(sessionCount * turnsPerSession).toLocaleString("en")} turns in ${((performance.now() - generationStarted) / 1000).toFixed(1)} s.`,
  );

  const app = await createApp({
    databaseUrl: `sqlite:${databasePath}`,
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
    ["conversations, text search", "/conversations?search=bitcoin"],
    ["conversations, page 100", "/conversations?offset=2500&limit=25"],
    ["transcript", `/conversations/${sample}`],
  ];
  const results: Array<{ call: string; p50: number; p95: number; met: boolean }> = [];
  for (const [name, url] of calls) {
    const times: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const started = performance.now();
      const response = await app.inject({
        method: "GET",
        url: `/api/v2/console${url}`,
        headers: { cookie },
      });
      times.push(performance.now() - started);
      if (response.statusCode !== 200)
        throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    }
    times.sort((left, right) => left - right);
    const p95 = percentile(times, 0.95);
    results.push({ call: name, p50: percentile(times, 0.5), p95, met: p95 <= targetMs });
  }
  await app.close();

  const load = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
  console.log(`\nConsole API, ${rounds} calls each, in process (load average ${load}):`);
  for (const result of results) {
    console.log(
      `  ${result.call.padEnd(36)} p50 ${result.p50.toFixed(1).padStart(7)} ms  p95 ${result.p95.toFixed(1).padStart(7)} ms  ${result.met ? "met" : `MISSED (target ${targetMs} ms)`}`,
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
  console.log("Page first render in Chromium: not measured by this benchmark yet.");
} finally {
  rmSync(directory, { recursive: true, force: true });
  clearInterval(keepAlive);
}
