import type { AnswerSelection } from "./answer-selector.js";
import { containsTerm } from "./contains-term.js";
import { foldText } from "./fold-text.js";
import type { Retrieval } from "./passage-retriever.js";

/** The signals a confidence is computed from, each 0 to 1; exported for tests and the bench. */
export interface ConfidenceSignals {
  /** Share of the question's term weight found in the quoted passage. */
  passageCoverage: number;
  /** Share of the question's term weight found in the quoted sentences. */
  unitCoverage: number;
  /** Share of the question's terms that no candidate passage holds at all. */
  unknownTerms: number;
  /** Share of the question's numbers of 3 digits or more missing from the quoted passage. */
  missingNumbers: number;
  /** Share of the question's capitalised names missing from the quoted passage. */
  missingNames: number;
}

/** Capitalised words not opening a sentence: names, titles, places ("I" and "I've" aside). */
function namesIn(query: string): string[] {
  const names: string[] = [];
  for (const sentence of query.split(/[.!?:;]\s+/u)) {
    const words = sentence.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
    for (const word of words.slice(1)) {
      if (!/^\p{Lu}/u.test(word) || /^I(?:['’]\p{L}+)?$/u.test(word)) continue;
      names.push(foldText(word.replace(/['’]s$/u, "")));
    }
  }
  return names;
}

/** Measures the signals of one retrieval and its selected answer. */
export function confidenceSignals(
  query: string,
  retrieval: Retrieval,
  selection: AnswerSelection,
): ConfidenceSignals {
  const { passage } = selection;
  const passageText = foldText(`${passage.title} ${passage.heading} ${passage.body}`);
  const terms = retrieval.terms.map(foldText);
  const texts = retrieval.candidates.map((passage) =>
    foldText(`${passage.title} ${passage.heading} ${passage.body}`),
  );
  const unknown = terms.filter((term) => !texts.some((text) => containsTerm(text, term)));
  // Years and large figures: "after 2 years" describes the visitor's case, "in 1985" asks.
  const numbers = terms.filter((term) => /^\p{N}{3,}$/u.test(term));
  const names = namesIn(query);
  const share = (missing: number, total: number) => (total === 0 ? 0 : missing / total);
  return {
    passageCoverage: selection.passageCoverage,
    unitCoverage: selection.unitCoverage,
    unknownTerms: terms.length === 0 ? 1 : unknown.length / terms.length,
    missingNumbers: share(
      numbers.filter((number) => !containsTerm(passageText, number)).length,
      numbers.length,
    ),
    missingNames: share(
      names.filter((name) => !containsTerm(passageText, name)).length,
      names.length,
    ),
  };
}

/**
 * How likely the answer is to be right, 0 to 1: a logistic function fitted (bench/quality,
 * `confidence-signals.ts`) to whether the quoted passage was the one holding the answer. Its
 * signals: how much of the question (rare words weighing more) the quoted passage and sentences
 * cover, question words the knowledge base does not hold at all, and above all numbers and
 * names of the question that the passage lacks: a question the knowledge base cannot answer
 * usually shares the subject's words with some passage but asks about another year, person or
 * title. See bench/RESULTS.md for the fit and the threshold's trade-off.
 */
export function answerConfidence(signals: ConfidenceSignals): number {
  const z =
    -0.3 +
    2.8 * signals.passageCoverage +
    0.4 * signals.unitCoverage -
    0.85 * signals.unknownTerms -
    2.9 * signals.missingNumbers -
    1.8 * signals.missingNames;
  return Math.round((1 / (1 + Math.exp(-z))) * 1000) / 1000;
}
