/**
 * `npm run bench:quality`: answer quality of the retrieval engine, measured through the real HTTP
 * API on loopback. Three corpora: a small subset of the SQuAD 2.0 training set (Wikipedia
 * paragraphs, questions written by crowd workers, some unanswerable; CC BY-SA 4.0, see
 * corpus/LICENSE-SQuAD.md), this project's own docs/ with questions
 * written for them, and the server tests' support-site fixture.
 * Downloads nothing. Prints figures; it is not a test and never fails on them.
 *
 * Each setting runs on a server and database of its own (one experience per corpus with the
 * setting's `engineOptions`), fed the same documents in the same order, so every setting sees
 * the same index and the settings are compared side by side:
 *
 *   npm run bench:quality                       # every setting of `defaultSettings`
 *   npm run bench:quality -- --setting 'bm25={}' --setting 'strict={"answerThreshold":0.5}'
 *   npm run bench:quality -- --setting 'synonyms={"synonyms":"corpus"}'   # each corpus's groups
 *   npm run bench:quality -- --json bench/results/quality.json
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { QueryResponse } from "@nexus-chat/protocol";
import { createApp } from "@nexus-chat/server";
import { loadCorpora, type Corpus, type Question } from "./corpora.js";

const adminToken = "bench-quality-admin-token-0123456789";

/** The outcome of one question under one setting. */
interface Asked {
  question: Question;
  response: QueryResponse;
  milliseconds: number;
}

/**
 * The engine settings compared when no `--setting` is given: the retrieval engine as it ships
 * (BM25), then each retrieval option the issue asks to measure.
 */
const defaultSettings: Array<{ name: string; options: Record<string, unknown> }> = [
  { name: "bm25", options: {} },
  { name: "synonyms", options: { synonyms: "corpus" } },
  { name: "spelling", options: { spellingCorrection: true } },
  { name: "syn+spelling", options: { synonyms: "corpus", spellingCorrection: true } },
];

/**
 * A setting's options for a corpus: `synonyms: "corpus"` stands for the synonym groups written
 * for that corpus (none for a corpus without any).
 */
function optionsFor(options: Record<string, unknown>, corpus: Corpus): Record<string, unknown> {
  if (options.synonyms !== "corpus") return options;
  const { synonyms: _placeholder, ...rest } = options;
  return corpus.synonyms && corpus.synonyms.length > 0
    ? { ...rest, synonyms: corpus.synonyms }
    : rest;
}

function readArguments() {
  const settings: Array<{ name: string; options: Record<string, unknown> }> = [];
  let jsonPath: string | undefined;
  const argv = process.argv.slice(2);
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    if (argument === "--setting") {
      const value = argv[(index += 1)] ?? "";
      const split = value.indexOf("=");
      if (split < 1) throw new Error(`--setting wants name=JSON, got ${value}`);
      settings.push({
        name: value.slice(0, split),
        options: JSON.parse(value.slice(split + 1)) as Record<string, unknown>,
      });
    } else if (argument === "--json") jsonPath = argv[(index += 1)];
    else throw new Error(`unknown argument ${argument}`);
  }
  if (settings.length === 0) settings.push(...defaultSettings);
  return { settings, jsonPath };
}

/**
 * Closes a server, waiting at most 5 s: in a script, `app.close()` has been seen never to settle
 * (the process then ends with code 13, "unsettled top-level await", before the next setting).
 */
async function closeApp(app: { close(): Promise<unknown> }): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    app.close(),
    new Promise((resolveWait) => (timer = setTimeout(resolveWait, 5000))),
  ]);
  clearTimeout(timer);
}

/**
 * Runs one setting on every corpus, on a server and database of its own: full-text statistics
 * (BM25's document frequencies) span the whole index, so settings sharing one database would
 * each see a different index (the same documents once, twice, three times…).
 */
async function runSetting(
  setting: { name: string; options: Record<string, unknown> },
  corpora: Corpus[],
): Promise<Array<SummaryRow & { options: Record<string, unknown> }>> {
  const directory = mkdtempSync(join(tmpdir(), "nexus-bench-quality-"));
  const app = await createApp({
    databaseUrl: `sqlite:${join(directory, "quality.sqlite")}`,
    adminToken,
    jwtSecret: "bench-quality-jwt-secret-0123456789-0123456789",
    logLevel: "silent",
    seedDemo: false,
    rateLimits: false,
    linkSchemes: ["tour", "action"],
    demoPageDirectory: join(directory, "no-demo"),
    widgetBundlePath: join(directory, "no-widget.js"),
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/api/v2`;
  const admin = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };

  async function call<Reply>(method: string, path: string, body?: unknown): Promise<Reply> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: admin,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Reply;
  }

  const rows: Array<SummaryRow & { options: Record<string, unknown> }> = [];
  try {
    for (const [corpusIndex, corpus] of corpora.entries()) {
      const experienceId = `corpus-${corpusIndex}`;
      const options = optionsFor(setting.options, corpus);
      await call("POST", "/admin/experiences", {
        id: experienceId,
        name: `${corpus.name} (${setting.name})`,
        engine: "retrieval",
        engineOptions: options,
        ...(corpus.knowledgeLanguage ? { knowledgeLanguage: corpus.knowledgeLanguage } : {}),
      });
      const ingestStarted = performance.now();
      let passages = 0;
      const job = await call<{ jobId: string }>("POST", "/data-ingestion/jobs", {
        experienceId,
        documents: corpus.documents.map((document) => ({ ...document, format: "markdown" })),
      });
      for (;;) {
        const status = await call<{ status: string; failed: number; passages: number }>(
          "GET",
          `/data-ingestion/jobs/${job.jobId}`,
        );
        if (status.status === "completed" || status.status === "failed") {
          if (status.failed > 0) throw new Error(`${status.failed} documents failed to ingest`);
          passages = status.passages;
          break;
        }
        await new Promise((resolveWait) => setTimeout(resolveWait, 20));
      }
      const ingestSeconds = (performance.now() - ingestStarted) / 1000;
      // Warm-up questions, not counted: the first queries of an experience pay for statement
      // preparation and the engine's code getting hot.
      for (const question of corpus.questions.slice(0, 20)) {
        await fetch(`${base}/query`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ text: question.text, experienceId }),
        });
      }
      const asked: Asked[] = [];
      for (const question of corpus.questions) {
        const started = performance.now();
        const response = await fetch(`${base}/query`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ text: question.text, experienceId }),
        });
        const body = (await response.json()) as QueryResponse;
        const milliseconds = performance.now() - started;
        if (!response.ok) throw new Error(`POST /query: ${response.status}`);
        asked.push({ question, response: body, milliseconds });
      }
      rows.push({
        corpus: corpus.name,
        setting: setting.name,
        options,
        figures: measure(asked),
        ingestSeconds,
        passages,
      });
    }
  } finally {
    await closeApp(app);
    rmSync(directory, { recursive: true, force: true });
  }
  return rows;
}

async function main(): Promise<void> {
  const { settings, jsonPath } = readArguments();
  const corpora = loadCorpora();
  const results: Array<SummaryRow & { options: Record<string, unknown> }> = [];
  for (const [index, setting] of settings.entries()) {
    const corporaOfSetting = corpora.filter((corpus) => index === 0 || !corpus.firstSettingOnly);
    results.push(...(await runSetting(setting, corporaOfSetting)));
    console.log(`${setting.name}: done (load average ${loadavg()[0]!.toFixed(2)})`);
  }
  const summary: SummaryRow[] = [];
  for (const corpus of corpora) {
    const rows = results.filter((row) => row.corpus === corpus.name);
    if (rows.length === 0) continue;
    printTable(corpus, rows);
    summary.push(...rows);
  }
  printSummary(summary);
  console.log(`\nload average (1 min) at the end: ${loadavg()[0]!.toFixed(2)}`);
  if (jsonPath) {
    mkdirSync(dirname(resolve(jsonPath)), { recursive: true });
    const report = results.map(({ figures, ...rest }) => ({ ...rest, ...figures }));
    writeFileSync(
      resolve(jsonPath),
      JSON.stringify({ loadAverage: loadavg()[0], report }, null, 2),
    );
  }
}

interface Figures {
  answerable: number;
  unanswerable: number;
  hitAt1: number;
  hitAt5: number;
  /** `null` when no question of the corpus has answer phrases. */
  answerInFirst300: number | null;
  medianLength: number;
  unanswerableDeclined: number;
  answerableDeclined: number;
  p50Milliseconds: number;
  p95Milliseconds: number;
  /** Declines at other thresholds, from the confidence each answer reported. */
  thresholds: Array<{
    threshold: number;
    unanswerableDeclined: number;
    answerableDeclined: number;
  }>;
}

/** Whether the engine declined: `answered: false`, or (before that field existed) no sources. */
function declined(response: QueryResponse): boolean {
  return (
    response.answered === false ||
    (response.answered === undefined && response.sources.length === 0)
  );
}

function normalise(text: string): string {
  return text.toLowerCase().normalize("NFKC").replace(/\s+/g, " ");
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}

function measure(asked: Asked[]): Figures {
  const answerable = asked.filter((entry) => entry.question.answerable);
  const unanswerable = asked.filter((entry) => !entry.question.answerable);
  const share = (count: number, total: number) => (total === 0 ? 0 : count / total);
  const goldRank = (entry: Asked) =>
    entry.response.sources.findIndex((source) => entry.question.gold.includes(source.url ?? ""));
  const hitAt1 = answerable.filter((entry) => !declined(entry.response) && goldRank(entry) === 0);
  const hitAt5 = answerable.filter((entry) => {
    const rank = goldRank(entry);
    return !declined(entry.response) && rank >= 0 && rank < 5;
  });
  const withPhrases = answerable.filter((entry) => entry.question.answers.length > 0);
  const inFirst300 = withPhrases.filter((entry) => {
    if (declined(entry.response)) return false;
    const opening = normalise(entry.response.answer.slice(0, 300));
    return entry.question.answers.some((answer) => opening.includes(normalise(answer)));
  });
  const answeredLengths = answerable
    .filter((entry) => !declined(entry.response))
    .map((entry) => entry.response.answer.length);
  const thresholds = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map((threshold) => {
    const below = (entry: Asked) =>
      declined(entry.response) || (entry.response.confidence ?? 1) < threshold;
    return {
      threshold,
      unanswerableDeclined: share(unanswerable.filter(below).length, unanswerable.length),
      answerableDeclined: share(answerable.filter(below).length, answerable.length),
    };
  });
  const latencies = asked.map((entry) => entry.milliseconds);
  return {
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    hitAt1: share(hitAt1.length, answerable.length),
    hitAt5: share(hitAt5.length, answerable.length),
    answerInFirst300:
      withPhrases.length === 0 ? null : share(inFirst300.length, withPhrases.length),
    medianLength: percentile(answeredLengths, 0.5),
    unanswerableDeclined: share(
      unanswerable.filter((entry) => declined(entry.response)).length,
      unanswerable.length,
    ),
    answerableDeclined: share(
      answerable.filter((entry) => declined(entry.response)).length,
      answerable.length,
    ),
    p50Milliseconds: percentile(latencies, 0.5),
    p95Milliseconds: percentile(latencies, 0.95),
    thresholds,
  };
}

/** One setting on one corpus. */
interface SummaryRow {
  corpus: string;
  setting: string;
  figures: Figures;
  ingestSeconds: number;
  passages: number;
}

/**
 * The settings side by side, one markdown row per corpus and setting, ready for
 * bench/RESULTS.md. Ingestion is per passage stored (the whole job, parsing included).
 */
function printSummary(rows: SummaryRow[]): void {
  const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
  console.log(
    "\n| corpus | setting | hit@1 | hit@5 | first 300 | median length | unanswerable declined | answerable declined | p50 | p95 | ingestion per passage |",
  );
  console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const { corpus, setting, figures, ingestSeconds, passages } of rows) {
    console.log(
      `| ${[
        corpus,
        setting,
        percent(figures.hitAt1),
        percent(figures.hitAt5),
        figures.answerInFirst300 === null ? "—" : percent(figures.answerInFirst300),
        String(figures.medianLength),
        percent(figures.unanswerableDeclined),
        percent(figures.answerableDeclined),
        `${figures.p50Milliseconds.toFixed(1)} ms`,
        `${figures.p95Milliseconds.toFixed(1)} ms`,
        passages > 0 ? `${((ingestSeconds * 1000) / passages).toFixed(1)} ms` : "—",
      ].join(" | ")} |`,
    );
  }
}

function printTable(corpus: Corpus, rows: Array<Omit<SummaryRow, "corpus">>): void {
  const first = rows[0]?.figures;
  console.log(
    `\n${corpus.name}: ${corpus.documents.length} documents, ${first?.answerable ?? 0} answerable and ${first?.unanswerable ?? 0} unanswerable questions`,
  );
  const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
  const lines: Array<[string, (figures: Figures) => string]> = [
    ["hit@1 (gold first source)", (figures) => percent(figures.hitAt1)],
    ["hit@5", (figures) => percent(figures.hitAt5)],
    [
      "answer in first 300 chars",
      (figures) => (figures.answerInFirst300 === null ? "—" : percent(figures.answerInFirst300)),
    ],
    ["median answer length", (figures) => `${figures.medianLength} chars`],
    ["unanswerable declined", (figures) => percent(figures.unanswerableDeclined)],
    ["answerable wrongly declined", (figures) => percent(figures.answerableDeclined)],
    ["latency p50", (figures) => `${figures.p50Milliseconds.toFixed(2)} ms`],
    ["latency p95", (figures) => `${figures.p95Milliseconds.toFixed(2)} ms`],
  ];
  const width = 30;
  console.log(["".padEnd(width), ...rows.map((row) => row.setting.padStart(14))].join(" "));
  for (const [label, format] of lines)
    console.log(
      [label.padEnd(width), ...rows.map((row) => format(row.figures).padStart(14))].join(" "),
    );
  console.log(
    [
      "ingestion".padEnd(width),
      ...rows.map((row) => `${row.ingestSeconds.toFixed(2)} s`.padStart(14)),
    ].join(" "),
  );
  for (const row of rows) {
    if (
      row.figures.thresholds.every(
        (entry) => entry.unanswerableDeclined === row.figures.unanswerableDeclined,
      )
    )
      continue;
    console.log(`  ${row.setting}: declines if the threshold were…`);
    for (const entry of row.figures.thresholds)
      console.log(
        `    ${entry.threshold.toFixed(2)}: unanswerable declined ${percent(entry.unanswerableDeclined)}, answerable wrongly declined ${percent(entry.answerableDeclined)}`,
      );
  }
}

await main();
