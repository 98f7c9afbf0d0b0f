import type { KnowledgeStore } from "../store/knowledge-store.js";
import { abortableDelay } from "./abortable-delay.js";
import type { AnswerEngine, AnswerPart, AnswerRequest } from "./answer-engine.js";
import { composeAnswer, composeNoAnswer } from "./answer-composer.js";
import { retrievePassages } from "./passage-retriever.js";
import { splitIntoSentences } from "./split-into-sentences.js";
import { splitIntoWords } from "./split-into-words.js";

/** Options of the retrieval engine, stored in the experience's `engineOptions`. */
export interface RetrievalEngineOptions {
  /**
   * Pause between streamed words, in milliseconds, so answers read like typing. 0 streams as
   * fast as the connection takes them. JSON answers are never paced.
   * @default 0
   */
  wordDelayMs?: number;
}

/** Pieces sent between two yields to the event loop when there is no delay. */
const piecesPerYield = 4;

/** Answers from the experience's own knowledge base, without any external service. */
export class RetrievalEngine implements AnswerEngine {
  constructor(private readonly knowledge: KnowledgeStore) {}

  async *answer(request: AnswerRequest): AsyncIterable<AnswerPart> {
    const options = request.experience.engineOptions as RetrievalEngineOptions;
    const wordDelayMs =
      request.streaming && typeof options.wordDelayMs === "number"
        ? Math.max(0, options.wordDelayMs)
        : 0;
    const previousQuery = request.history.at(-1)?.query;
    const passages = await retrievePassages(
      this.knowledge,
      request.experience.id,
      request.query,
      previousQuery,
    );
    const composed = passages.length > 0 ? composeAnswer(passages) : composeNoAnswer();

    // Paced answers go word by word, like typing; unpaced ones by sentence, which costs far
    // fewer frames for the same text.
    const pieces =
      wordDelayMs > 0 ? splitIntoWords(composed.answer) : splitIntoSentences(composed.answer);
    for (const [index, piece] of pieces.entries()) {
      if (request.signal.aborted) return;
      yield { type: "text-delta", delta: piece };
      if (wordDelayMs > 0) await abortableDelay(wordDelayMs, request.signal);
      // Let other streams and requests in between pieces, so one long answer cannot hog the loop.
      else if (index % piecesPerYield === piecesPerYield - 1)
        await new Promise((resolve) => setImmediate(resolve));
    }
    if (composed.sources.length > 0) yield { type: "sources", sources: composed.sources };
    if (composed.actions) yield { type: "actions", actions: composed.actions };
    yield { type: "assessment", confidence: null, answered: passages.length > 0 };
  }
}
