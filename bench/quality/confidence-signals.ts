/**
 * `tsx --conditions=@nexus-chat/source bench/quality/confidence-signals.ts > signals.jsonl`:
 * the confidence signals of every benchmark question, with whether the engine's answer was right
 * (an answerable question whose quoted passage is the gold one), one JSON line each. This is
 * what the weights in packages/server/src/engine/answer-confidence.ts were fitted on.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "@nexus-chat/server";
import { confidenceSignals } from "../../packages/server/src/engine/answer-confidence.js";
import { selectAnswer } from "../../packages/server/src/engine/answer-selector.js";
import { retrieve } from "../../packages/server/src/engine/passage-retriever.js";
import { loadCorpora } from "./corpora.js";

const directory = mkdtempSync(join(tmpdir(), "nexus-bench-signals-"));
const app = await createApp({
  databaseUrl: `sqlite:${join(directory, "signals.sqlite")}`,
  logLevel: "silent",
  seedDemo: false,
  rateLimits: false,
  demoPageDirectory: join(directory, "no-demo"),
  widgetBundlePath: join(directory, "no-widget.js"),
});
try {
  for (const [index, corpus] of loadCorpora().entries()) {
    const experienceId = `corpus-${index}`;
    await app.nexus.store.experiences.create({ id: experienceId, name: corpus.name });
    await app.nexus.ingestion.ingest(
      experienceId,
      corpus.documents.map((document) => ({ ...document, format: "markdown" as const })),
    );
    for (const question of corpus.questions) {
      const retrieval = await retrieve(app.nexus.store.knowledge, experienceId, question.text);
      const selection =
        retrieval.passages.length > 0
          ? selectAnswer(retrieval.passages, retrieval.terms, retrieval.previousTerms)
          : null;
      const signals = selection ? confidenceSignals(question.text, retrieval, selection) : null;
      const right =
        question.answerable &&
        selection !== null &&
        question.gold.includes(selection.passage.url ?? "");
      console.log(
        JSON.stringify({
          corpus: corpus.name,
          question: question.text,
          answerable: question.answerable,
          right,
          found: selection !== null,
          ...signals,
          terms: retrieval.terms.length,
        }),
      );
    }
  }
} finally {
  await app.close();
  rmSync(directory, { recursive: true, force: true });
}
