import type { KnowledgeLanguage } from "@nexus-chat/protocol";
import { questionWords } from "../store/text-analysis.js";

// Words that say nothing about what a question is about. Kept short on purpose: dropping a word
// that matters costs more than keeping one that does not.
const stopwords = new Set(
  `a about above after again all am an and any are as at be been being but by can could did do
  does doing done for from get got had has have having he her here hers him his how i if in into
  is it its itself just me more most my no nor not now of off on once only or other our ours out
  over own please same she should so some such tell than that the their theirs them then there
  these they this those through to too under until up very was we were what when where which
  while who whom why will with would you your yours yourself want need know anything something
  thing things way ways found another still already ve ll re don doesn isn cant s t d m`.split(
    /\s+/,
  ),
);

/** Whether a lowercased word is one of the stop words questions are stripped of. */
export function isStopword(word: string): boolean {
  return stopwords.has(word);
}

/** Most terms one search uses; long messages are cut to their first terms. */
export const maxSearchTerms = 16;

/**
 * Reduces free text to search terms: lowercase words of letters and digits, without stopwords,
 * one-letter words or repeats. The result never contains query-syntax characters, so it is safe
 * to hand to any full-text engine. In a knowledge base of another language than English, the
 * words and stop words are that language's (Chinese and Japanese as pairs of characters; see
 * `text-analysis.ts`); they stay whole words here, and are stemmed when searched.
 */
export function extractSearchTerms(text: string, language: KnowledgeLanguage = "en"): string[] {
  const english = language === "en";
  const words =
    language === "en"
      ? (text
          .toLowerCase()
          .normalize("NFKC")
          .match(/[\p{L}\p{N}]+/gu) ?? [])
      : questionWords(text, language);
  const terms: string[] = [];
  for (const word of words) {
    if (word.length < 2 || (english && stopwords.has(word)) || terms.includes(word)) continue;
    terms.push(word);
    if (terms.length === maxSearchTerms) break;
  }
  return terms;
}
