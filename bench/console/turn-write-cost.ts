/**
 * `tsx --conditions=@nexus-chat/source bench/console/turn-write-cost.ts`: what the console's
 * rollup triggers add to storing a turn (the write every answered question makes). Saves the same
 * turns through the store into two fresh SQLite files, one with the triggers and one without,
 * alternating rounds, and prints the median time per turn (sessions made beforehand).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { openStore } from "../../packages/server/src/store/store.js";

const turnsPerRound = 5000;
const rounds = 4;
const directory = mkdtempSync(join(tmpdir(), "nexus-turn-cost-"));
try {
  const stores = await Promise.all(
    ["with", "without"].map((name) => openStore(`sqlite:${join(directory, `${name}.sqlite`)}`)),
  );
  const [withTriggers, withoutTriggers] = stores as [
    (typeof stores)[number],
    (typeof stores)[number],
  ];
  const triggers = await sql<{ name: string }>`
    select name from sqlite_master where type = 'trigger' and name like 'console_rollup_%'`.execute(
    withoutTriggers.db,
  );
  for (const { name } of triggers.rows)
    await sql`drop trigger ${sql.id(name)}`.execute(withoutTriggers.db);
  const times = { with: [] as number[], without: [] as number[] };
  for (const store of stores) await store.experiences.create({ id: "shop", name: "Shop" });
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, store] of [
      ["with", withTriggers],
      ["without", withoutTriggers],
    ] as const) {
      const sessions: string[] = [];
      for (let index = 0; index < turnsPerRound / 5; index += 1) {
        const sessionId = randomUUID();
        await store.sessions.create({ sessionId, experienceId: "shop" });
        sessions.push(sessionId);
      }
      const started = performance.now();
      for (let index = 0; index < turnsPerRound; index += 1) {
        await store.turns.save({
          queryId: randomUUID(),
          sessionId: sessions[index % sessions.length]!,
          experienceId: "shop",
          query: `question ${index % 50}`,
          answer: "An answer of a sentence or two, as the engine composes it.",
          sources: [],
          actions: null,
          status: "complete",
          createdAt: new Date().toISOString(),
          timeToFirstDelta: 10,
          duration: 20,
          confidence: 0.7,
          answered: index % 4 !== 0,
        });
      }
      times[name].push(((performance.now() - started) * 1000) / turnsPerRound);
    }
  }
  const load = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  console.log(
    `Per turn saved, median of ${rounds} rounds of ${turnsPerRound} (load ${load}): with triggers ${median(times.with).toFixed(1)} µs, without ${median(times.without).toFixed(1)} µs`,
  );
  await Promise.all(stores.map((store) => store.close()));
} finally {
  rmSync(directory, { recursive: true, force: true });
}
