import type { KnowledgeLanguage } from "@nexus-chat/protocol";
import { stemmer as arabicStemmer } from "@orama/stemmers/arabic";
import { stemmer as dutchStemmer } from "@orama/stemmers/dutch";
import { stemmer as frenchStemmer } from "@orama/stemmers/french";
import { stemmer as germanStemmer } from "@orama/stemmers/german";
import { stemmer as italianStemmer } from "@orama/stemmers/italian";
import { stemmer as portugueseStemmer } from "@orama/stemmers/portuguese";
import { stemmer as spanishStemmer } from "@orama/stemmers/spanish";
import { stopwords as arabicStopwords } from "@orama/stopwords/arabic";
import { stopwords as dutchStopwords } from "@orama/stopwords/dutch";
import { stopwords as frenchStopwords } from "@orama/stopwords/french";
import { stopwords as germanStopwords } from "@orama/stopwords/german";
import { stopwords as italianStopwords } from "@orama/stopwords/italian";
import { stopwords as portugueseStopwords } from "@orama/stopwords/portuguese";
import { stopwords as spanishStopwords } from "@orama/stopwords/spanish";
import { foldText } from "../engine/fold-text.js";

// How the server reads the words of a knowledge base written in another language than English
// (ADR 0009). English stays with the databases' own English stemmers (FTS5's Porter tokenizer,
// PostgreSQL's `english` configuration), exactly as before the setting existed. Every other
// language is analysed here, once, into tokens that both dialects store and search as they are:
// the same tokens on SQLite and on PostgreSQL, for passages and for questions alike.

interface LanguageRules {
  /** Snowball stemmer of the language; none for Hebrew, Japanese and Chinese. */
  stem?: (word: string) => string;
  /** Lowercased words dropped from passages and questions. */
  stopwords: ReadonlySet<string>;
}

const noStopwords: ReadonlySet<string> = new Set();

const rules: Record<Exclude<KnowledgeLanguage, "en">, LanguageRules> = {
  es: { stem: spanishStemmer, stopwords: new Set(spanishStopwords) },
  fr: { stem: frenchStemmer, stopwords: new Set(frenchStopwords) },
  de: { stem: germanStemmer, stopwords: new Set(germanStopwords) },
  pt: { stem: portugueseStemmer, stopwords: new Set(portugueseStopwords) },
  it: { stem: italianStemmer, stopwords: new Set(italianStopwords) },
  nl: { stem: dutchStemmer, stopwords: new Set(dutchStopwords) },
  ar: { stem: arabicStemmer, stopwords: new Set(arabicStopwords) },
  // No stemmer in the package; Hebrew's prefixes (ה, ו, ב…) stay part of the word.
  he: { stopwords: noStopwords },
  // Written without spaces: split into overlapping pairs of characters instead (see below).
  ja: { stopwords: noStopwords },
  "zh-CN": { stopwords: noStopwords },
};

/**
 * Whether the server analyses this language's words itself, storing and searching its tokens
 * as they are. False for English, which each database stems itself.
 */
export function analysedByServer(language: KnowledgeLanguage): boolean {
  return language !== "en";
}

// Letters with their combining marks (Arabic and Hebrew vowel signs, decomposed accents), and
// digits.
const wordPattern = /[\p{L}\p{M}\p{N}]+/gu;
// Scripts written without spaces between words. Script_Extensions, so that the katakana
// prolonged sound mark (ー) and the iteration marks count with their script.
const unspacedRun = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]+/gu;
const unspacedCharacter = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]/u;

/**
 * A run of Chinese or Japanese characters as overlapping pairs ("退货政策" → "退货", "货政",
 * "政策"); a lone character stays itself. With no dictionary to find the words, the pairs make
 * a question's words match inside a passage's unbroken text, as most search engines do.
 */
function characterPairs(run: string): string[] {
  const characters = [...run];
  if (characters.length < 2) return characters;
  const pairs: string[] = [];
  for (let index = 0; index + 1 < characters.length; index += 1) {
    pairs.push(characters[index]! + characters[index + 1]!);
  }
  return pairs;
}

/**
 * One word's tokens: none for a stop word, its stem folded (with `stem`; else the word as it
 * is), or its character pairs.
 */
function wordTokens(word: string, language: LanguageRules, tokens: string[], stem = true): void {
  if (unspacedCharacter.test(word)) {
    // Split into the unspaced runs and what lies between them ("iphone手机" → "iphone", "手机").
    let last = 0;
    for (const match of word.matchAll(unspacedRun)) {
      if (match.index > last) wordTokens(word.slice(last, match.index), language, tokens, stem);
      tokens.push(...characterPairs(match[0]));
      last = match.index + match[0].length;
    }
    if (last < word.length) wordTokens(word.slice(last), language, tokens, stem);
    return;
  }
  if (language.stopwords.has(word)) return;
  if (!stem) {
    tokens.push(word);
    return;
  }
  const stemmed = language.stem ? language.stem(word) : word;
  const folded = foldText(stemmed);
  if (folded !== "") tokens.push(folded);
}

/**
 * The tokens of a text in a language the server analyses (see {@link analysedByServer}), in
 * order: lowercased words, stop words dropped, each reduced to its Snowball stem and then
 * stripped of accents and vowel signs (as the indexes fold them), Chinese and Japanese as pairs
 * of characters. For English the words only, lowercased.
 */
export function analyseText(text: string, language: KnowledgeLanguage): string[] {
  const words = text.toLowerCase().normalize("NFKC").match(wordPattern) ?? [];
  if (language === "en") return words;
  const languageRules = rules[language];
  const tokens: string[] = [];
  for (const word of words) wordTokens(word, languageRules, tokens);
  return tokens;
}

/**
 * A question's words in a language the server analyses, as the engine compares them with
 * passages: lowercased, stop words dropped, Chinese and Japanese as pairs of characters, but
 * neither stemmed nor folded ({@link analyseTerm} does that when they are searched).
 */
export function questionWords(text: string, language: Exclude<KnowledgeLanguage, "en">): string[] {
  const words = text.toLowerCase().normalize("NFKC").match(wordPattern) ?? [];
  const languageRules = rules[language];
  const result: string[] = [];
  for (const word of words) wordTokens(word, languageRules, result, false);
  return result;
}

/**
 * The search tokens of one question term (a word of letters and digits) in a language the
 * server analyses: its stem, or its character pairs; none for a stop word.
 */
export function analyseTerm(term: string, language: KnowledgeLanguage): string[] {
  if (language === "en") return [term];
  const tokens: string[] = [];
  wordTokens(term, rules[language], tokens);
  return tokens;
}
