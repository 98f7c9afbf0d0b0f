/**
 * `npx tsx --conditions=@nexus-chat/source bench/server/query-cost.ts`: the server's CPU per
 * answered question without the network or a load generator, so it barely depends on what else
 * the machine runs. The app runs in this process on a fresh SQLite file holding the generated
 * 10,000-passage knowledge base; rounds of distinct-session SSE questions go through
 * `app.inject`, one at a time, and the best round is reported (the least disturbed one), next to
 * the cost of the full-text search alone. Searches run on the main thread (`searchWorkers: 0`),
 * so the figure is all the CPU a question costs, wherever the server would run it.
 *
 * `-- --search-workers=N` searches on N worker threads instead and also reports the main
 * thread's busy time per question (its event-loop utilisation), the part that workers cannot
 * take over and that bounds the saturated server.
 *
 * `-- --database postgres` runs the app on a new PostgreSQL database (see postgres-database.ts)
 * and also reports the CPU its backends spent per question, next to this process's own CPU
 * (user and system: the driver's socket writes are part of a question's cost there).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import { join } from "node:path";
import { createApp } from "../../packages/server/src/app.js";
import { generateKnowledgeBase, generateQuestions } from "./knowledge-base-generator.js";
import { extractSearchTerms } from "../../packages/server/src/engine/search-terms.js";
import { postgresCpuMicroseconds, postgresCpuSpent, preparePostgres } from "./postgres-database.js";

const workersArgument = process.argv.find((argument) => argument.startsWith("--search-workers="));
const searchWorkers = workersArgument ? Number(workersArgument.split("=")[1]) : 0;
const rounds = 5;
const queriesPerRound = 300;
const databaseIndex = process.argv.indexOf("--database");
const database =
  databaseIndex >= 0
    ? process.argv[databaseIndex + 1]
    : process.argv.find((argument) => argument.startsWith("--database="))?.slice(11);
if (database !== undefined && database !== "sqlite" && database !== "postgres") {
  console.error(`--database must be sqlite or postgres (got "${database}")`);
  process.exit(2);
}
const onPostgres = database === "postgres";
const directory = mkdtempSync(join(tmpdir(), "nexus-query-cost-"));
const postgres = onPostgres ? await preparePostgres() : undefined;
const app = await createApp({
  databaseUrl: postgres?.url ?? `sqlite:${join(directory, "bench.sqlite")}`,
  logLevel: "silent",
  rateLimits: false,
  searchWorkers,
  linkSchemes: ["action"],
});
try {
  await app.nexus.store.experiences.create({ id: "bench", name: "Bench" });
  await app.nexus.ingestion.ingest("bench", generateKnowledgeBase(10_000));
  const questions = generateQuestions(200);

  const ask = async (text: string): Promise<void> => {
    const response = await app.inject({
      method: "POST",
      url: "/api/v2/query",
      headers: { accept: "text/event-stream", "content-type": "application/json" },
      payload: JSON.stringify({ text, experienceId: "bench" }),
    });
    if (!response.body.includes("event: query-end")) throw new Error(response.body.slice(0, 300));
  };
  for (const text of questions.slice(0, 50)) await ask(text);

  const queryRounds: number[] = [];
  const busyRounds: number[] = [];
  const processRounds: number[] = [];
  const postgresRounds: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const backendsBefore = postgres ? await postgresCpuMicroseconds(postgres.url) : undefined;
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    const utilisationBefore = performance.eventLoopUtilization();
    for (let index = 0; index < queriesPerRound; index += 1)
      await ask(questions[(round * queriesPerRound + index) % questions.length]!);
    const utilisation = performance.eventLoopUtilization(utilisationBefore);
    queryRounds.push((performance.now() - startedAt) / queriesPerRound);
    busyRounds.push(utilisation.active / queriesPerRound);
    const cpu = process.cpuUsage(cpuBefore);
    processRounds.push((cpu.user + cpu.system) / 1000 / queriesPerRound);
    if (postgres && backendsBefore) {
      const backendsAfter = await postgresCpuMicroseconds(postgres.url);
      postgresRounds.push(postgresCpuSpent(backendsBefore, backendsAfter) / 1000 / queriesPerRound);
    }
  }

  const termLists = questions.map((text) => extractSearchTerms(text));
  const searchRounds: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const startedAt = performance.now();
    for (let index = 0; index < queriesPerRound; index += 1)
      await app.nexus.store.knowledge.search("bench", termLists[index % termLists.length]!, 40);
    searchRounds.push((performance.now() - startedAt) / queriesPerRound);
  }

  const best = (values: number[]) => Math.min(...values).toFixed(3);
  const all = (values: number[]) => values.map((value) => value.toFixed(3)).join(" ");
  console.log(`load average ${loadavg()[0]?.toFixed(2)}`);
  console.log(`per answered question: best ${best(queryRounds)} ms (rounds ${all(queryRounds)})`);
  if (postgres) {
    console.log(
      `  this process's CPU:  best ${best(processRounds)} ms (rounds ${all(processRounds)})`,
    );
    console.log(
      `  PostgreSQL's CPU:    best ${best(postgresRounds)} ms (rounds ${all(postgresRounds)})`,
    );
  }
  if (searchWorkers > 0)
    console.log(`main thread busy:      best ${best(busyRounds)} ms (rounds ${all(busyRounds)})`);
  console.log(`search alone:          best ${best(searchRounds)} ms (rounds ${all(searchRounds)})`);
} finally {
  await app.close();
  await postgres?.drop();
  rmSync(directory, { recursive: true, force: true });
}
