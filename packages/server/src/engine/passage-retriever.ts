import type { KnowledgeLanguage } from "@nexus-chat/protocol";
import type { KnowledgeStore, PassageWithDocument } from "../store/knowledge-store.js";
import { containsTerm } from "./contains-term.js";
import { foldText } from "./fold-text.js";
import { extractSearchTerms } from "./search-terms.js";
import {
  mergeAlternatives,
  resolveTerms,
  spellingAlternatives,
  synonymAlternatives,
  type TermAlternatives,
} from "./term-expansion.js";

/** How a retrieval widens a question's words (the retrieval engine's options). */
export interface RetrievalOptions {
  /** Groups of words that mean the same on this site: a question's word finds any of its group. */
  synonyms?: ReadonlyArray<readonly string[]>;
  /**
   * Whether a short question's words the index lacks are replaced by the closest indexed ones
   * (English knowledge bases only: the corrections compare English word endings).
   */
  spellingCorrection?: boolean;
  /** The knowledge base's language: its stop words and stemming apply. @default "en" */
  language?: KnowledgeLanguage;
}

/** A passage chosen for an answer, with its relevance. */
export interface RetrievedPassage extends PassageWithDocument {
  score: number;
}

/** How many candidates full-text search returns before documents are ranked. */
const candidateLimit = 40;
/** Weight of the previous question's terms when ranking a follow-up. */
const followUpWeight = 0.35;
/**
 * The best passage counts as relevant when it contains this many of the question's terms, or
 * this share of them: one shared generic word ("good", "year") is not enough.
 */
const relevantTermCount = 2;
const relevantTermShare = 0.5;

/**
 * A candidate passage's lowercased text, each part made at most once and only when asked for:
 * a candidate may be checked against the question and the previous one and then have its
 * heading scored.
 */
class PassageWords {
  private allText?: string;
  private titleAndHeadingText?: string;
  private headingText?: string;

  constructor(private readonly passage: PassageWithDocument) {}

  /** Title, heading and body. */
  get all(): string {
    const { title, heading, body } = this.passage;
    return (this.allText ??= foldText(`${title} ${heading} ${body}`));
  }

  get titleAndHeading(): string {
    return (this.titleAndHeadingText ??= foldText(`${this.passage.title} ${this.passage.heading}`));
  }

  get heading(): string {
    return (this.headingText ??= foldText(this.passage.heading));
  }
}

/**
 * Share of the question's terms found in the passage's own heading. A section titled with the
 * question's words ("Listening to an event" for "how do I listen to events?") is usually the
 * answer, even when a shorter section merely mentions them.
 */
function headingCoverage(
  passage: PassageWithDocument,
  words: PassageWords,
  terms: readonly string[],
): number {
  if (terms.length === 0 || passage.heading === "") return 0;
  return terms.filter((term) => containsTerm(words.heading, term)).length / terms.length;
}

/**
 * Whether a passage is about the question: it shares enough of its words, or one of them is in
 * the passage's title or heading (a strong sign of topic even when the wording differs).
 */
function isRelevant(words: PassageWords, terms: readonly string[]): boolean {
  if (terms.length === 0) return false;
  const matched = terms.filter((term) => containsTerm(words.all, term)).length;
  if (matched >= relevantTermCount || matched / terms.length >= relevantTermShare) return true;
  return terms.some((term) => containsTerm(words.titleAndHeading, term));
}

/** What a retrieval found, with what the engine needs to judge it. */
export interface Retrieval {
  /** The chosen passages, best first; empty when nothing is relevant. */
  passages: RetrievedPassage[];
  /** Every passage full-text search returned, chosen or not. */
  candidates: PassageWithDocument[];
  /** The question's search terms. */
  terms: string[];
  /** The previous question's search terms (empty for a first question). */
  previousTerms: string[];
}

/**
 * Finds the passages that answer a question, best first: BM25 over the experience's passages,
 * documents ranked by their best passage (plus a little for a second good one), and for a
 * follow-up the previous question counts a little too. Returns nothing when the best passage
 * shares too few words with the question.
 */
export async function retrievePassages(
  knowledge: KnowledgeStore,
  experienceId: string,
  query: string,
  previousQuery?: string,
  options: RetrievalOptions = {},
): Promise<RetrievedPassage[]> {
  return (await retrieve(knowledge, experienceId, query, previousQuery, options)).passages;
}

/** A question's synonyms and, when asked for, spelling corrections. */
async function alternativesOf(
  knowledge: KnowledgeStore,
  experienceId: string,
  terms: readonly string[],
  options: RetrievalOptions,
): Promise<TermAlternatives> {
  const synonyms = synonymAlternatives(terms, options.synonyms ?? []);
  if (!options.spellingCorrection || (options.language ?? "en") !== "en") return synonyms;
  return mergeAlternatives(synonyms, await spellingAlternatives(knowledge, experienceId, terms));
}

/** {@link retrievePassages}, with the candidates and terms it worked from. */
export async function retrieve(
  knowledge: KnowledgeStore,
  experienceId: string,
  query: string,
  previousQuery?: string,
  options: RetrievalOptions = {},
): Promise<Retrieval> {
  const language = options.language ?? "en";
  const questionTerms = extractSearchTerms(query, language);
  const previousQuestionTerms = previousQuery ? extractSearchTerms(previousQuery, language) : [];
  const alternatives = await alternativesOf(knowledge, experienceId, questionTerms, options);
  const previousAlternatives =
    previousQuestionTerms.length > 0
      ? await alternativesOf(knowledge, experienceId, previousQuestionTerms, options)
      : new Map<string, string[]>();
  const scores = new Map<number, number>();
  // Each search brings its passages along (read on a search worker when there is one).
  const found = await knowledge.searchWithPassages(
    experienceId,
    questionTerms,
    candidateLimit,
    alternatives.size > 0 ? alternatives : undefined,
    language,
  );
  for (const match of found.matches) scores.set(match.passageId, match.score);
  const passages = found.passages;
  if (previousQuestionTerms.length > 0) {
    const previous = await knowledge.searchWithPassages(
      experienceId,
      previousQuestionTerms,
      candidateLimit,
      previousAlternatives.size > 0 ? previousAlternatives : undefined,
      language,
    );
    for (const match of previous.matches) {
      scores.set(
        match.passageId,
        (scores.get(match.passageId) ?? 0) + followUpWeight * match.score,
      );
    }
    const loaded = new Set(passages.map((passage) => passage.passageId));
    for (const passage of previous.passages) {
      if (!loaded.has(passage.passageId)) passages.push(passage);
    }
  }
  // From here on each term is the word the passages use for it (its synonym, its correction).
  const candidateTexts =
    alternatives.size > 0 || previousAlternatives.size > 0
      ? passages.map((passage) => foldText(`${passage.title} ${passage.heading} ${passage.body}`))
      : [];
  const terms = resolveTerms(questionTerms, alternatives, candidateTexts);
  const previousTerms = resolveTerms(previousQuestionTerms, previousAlternatives, candidateTexts);
  const nothing = { passages: [], candidates: passages, terms, previousTerms };
  if (scores.size === 0) return nothing;

  // Keep only passages that share enough words with the question (a short follow-up such as
  // "and on mobile?" may borrow the previous question's words), best BM25 first.
  const foldedTerms = terms.map(foldText);
  const followUpTerms =
    terms.length <= 3 && previousTerms.length > 0
      ? [...foldedTerms, ...previousTerms.map(foldText)]
      : null;
  const ranked = passages
    .map((passage) => ({ passage, words: new PassageWords(passage) }))
    .filter(
      ({ words }) =>
        isRelevant(words, foldedTerms) ||
        (followUpTerms !== null && isRelevant(words, followUpTerms)),
    )
    .map(({ passage, words }) => ({
      ...passage,
      score:
        (scores.get(passage.passageId) ?? 0) * (1 + headingCoverage(passage, words, foldedTerms)),
    }))
    .sort((left, right) => right.score - left.score || left.passageId - right.passageId);
  if (ranked.length === 0) return nothing;

  // Rank documents: best passage plus a quarter of the second best.
  const byDocument = new Map<string, RetrievedPassage[]>();
  for (const passage of ranked) {
    const list = byDocument.get(passage.documentId) ?? [];
    list.push(passage);
    byDocument.set(passage.documentId, list);
  }
  const documentScore = (list: RetrievedPassage[]): number =>
    (list[0]?.score ?? 0) + 0.25 * (list[1]?.score ?? 0);
  const documents = [...byDocument.values()].sort(
    (left, right) => documentScore(right) - documentScore(left),
  );

  const chosen: RetrievedPassage[] = [];
  const [first, second] = documents;
  if (!first?.[0]) return nothing;
  chosen.push(first[0]);
  const runnerUp = first[1];
  if (runnerUp && runnerUp.score >= 0.7 * first[0].score) chosen.push(runnerUp);
  if (second?.[0] && documentScore(second) >= 0.75 * documentScore(first)) chosen.push(second[0]);
  return { passages: chosen, candidates: passages, terms, previousTerms };
}
