import type { KnowledgeStore } from "../store/knowledge-store.js";
import { abortableDelay } from "./abortable-delay.js";
import type { AnswerEngine, AnswerPart, AnswerRequest } from "./answer-engine.js";
import { composeAnswer, composeFocusedAnswer, composeNoAnswer } from "./answer-composer.js";
import { answerConfidence, confidenceSignals } from "./answer-confidence.js";
import { selectAnswer } from "./answer-selector.js";
import { retrieve } from "./passage-retriever.js";
import { visitorTexts } from "./visitor-texts.js";
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
  /**
   * `focused` leads with the sentences that answer the question and links the source for the
   * rest; `passages` answers with the best passages whole, as before.
   * @default "focused"
   */
  answerStyle?: "focused" | "passages";
  /**
   * Below this confidence (0 to 1) the engine declines: it says the knowledge base does not
   * cover the question, offers a person, and marks the turn not answered. 0 never declines
   * an answer it found. The default was chosen on the quality benchmark (bench/RESULTS.md).
   * @default 0.4
   */
  answerThreshold?: number;
  /**
   * Groups of words that mean the same on this site (`[["refund", "return"], ["parcel",
   * "package"]]`): a question's word also finds passages using another word of its group.
   * One word per entry, compared without accents and by their first letters (so "refunds"
   * belongs to the group of "refund").
   */
  synonyms?: string[][];
  /**
   * For questions of at most four words: a word no indexed passage holds ("pasword") is
   * replaced by the closest indexed words, within one edit (two for six letters or more).
   * @default false
   */
  spellingCorrection?: boolean;
}

/** See {@link RetrievalEngineOptions.answerThreshold}. */
export const defaultAnswerThreshold = 0.4;

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
    const retrieval = await retrieve(
      this.knowledge,
      request.experience.id,
      request.query,
      previousQuery,
      {
        synonyms: Array.isArray(options.synonyms) ? options.synonyms : undefined,
        spellingCorrection: options.spellingCorrection === true,
        language: request.experience.knowledgeLanguage,
      },
    );
    const { passages } = retrieval;
    const selection =
      passages.length > 0 ? selectAnswer(passages, retrieval.terms, retrieval.previousTerms) : null;
    const confidence = selection
      ? answerConfidence(confidenceSignals(request.query, retrieval, selection))
      : passages.length > 0
        ? null
        : 0;
    const threshold =
      typeof options.answerThreshold === "number"
        ? options.answerThreshold
        : defaultAnswerThreshold;
    const answered = passages.length > 0 && (confidence === null || confidence >= threshold);
    const composed = !answered
      ? composeNoAnswer(visitorTexts(request.language))
      : options.answerStyle === "passages" || !selection
        ? composeAnswer(passages)
        : composeFocusedAnswer(passages, selection);

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
    yield { type: "assessment", confidence, answered };
  }
}
