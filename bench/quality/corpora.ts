/** The benchmark's corpora: documents to ingest and questions with their gold answers. */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { multilingualCases } from "../../packages/server/test/support/multilingual-knowledge.js";

const here = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = resolve(here, "..", "..");

interface SquadSubset {
  articles: Array<{
    title: string;
    paragraphs: Array<{ context: string; qas: Array<[string, string, string[]]> }>;
  }>;
  unanswerable: Array<{ id: string; kind: string; question: string }>;
}

interface DocsQuestions {
  answerable: Array<{ question: string; documents: string[]; answers: string[] }>;
  unanswerable: string[];
}

/** One question of a corpus: gold documents (by URL) and answer phrases, or none. */
export interface Question {
  text: string;
  gold: string[];
  answers: string[];
  answerable: boolean;
}

export interface Corpus {
  name: string;
  /** The experience's `knowledgeLanguage`; English when absent. */
  knowledgeLanguage?: string;
  /** Run under the first setting only (its other settings change nothing it measures). */
  firstSettingOnly?: boolean;
  /** Synonym groups written for this corpus, used by a setting whose `synonyms` is `"corpus"`. */
  synonyms?: string[][];
  documents: Array<{ title: string; content: string; url: string; externalId: string }>;
  questions: Question[];
}

function squadCorpus(): Corpus {
  const subset = JSON.parse(
    readFileSync(join(here, "corpus", "squad-train-subset.json"), "utf8"),
  ) as SquadSubset;
  const documents: Corpus["documents"] = [];
  const questions: Question[] = [];
  for (const [articleIndex, article] of subset.articles.entries()) {
    for (const [paragraphIndex, paragraph] of article.paragraphs.entries()) {
      const url = `https://squad.example/${articleIndex + 1}/${paragraphIndex + 1}`;
      documents.push({
        title: article.title,
        content: paragraph.context,
        url,
        externalId: `squad-${articleIndex + 1}-${paragraphIndex + 1}`,
      });
      for (const [, text, answers] of paragraph.qas)
        questions.push({ text, gold: [url], answers, answerable: true });
    }
  }
  for (const { question } of subset.unanswerable)
    questions.push({ text: question, gold: [], answers: [], answerable: false });
  return { name: "SQuAD 2.0 train subset", documents, questions };
}

function docsCorpus(): Corpus {
  const docsDirectory = join(repositoryRoot, "docs");
  const documents = readdirSync(docsDirectory)
    .filter((file) => file.endsWith(".md"))
    .map((file) => ({
      title: file,
      content: readFileSync(join(docsDirectory, file), "utf8"),
      url: `https://docs.example/docs/${file}`,
      externalId: `docs/${file}`,
    }));
  const written = JSON.parse(
    readFileSync(join(here, "corpus", "project-docs-questions.json"), "utf8"),
  ) as DocsQuestions;
  const questions: Question[] = written.answerable.map((entry) => ({
    text: entry.question,
    gold: entry.documents.map((path) => `https://docs.example/${path}`),
    answers: entry.answers,
    answerable: true,
  }));
  for (const text of written.unanswerable)
    questions.push({ text, gold: [], answers: [], answerable: false });
  return { name: "project docs", documents, questions };
}

/**
 * The server tests' support-site fixture (35 articles of an outdoor shop, 20 questions in a
 * customer's words): no answer phrases, so it counts for hit@k and declines only.
 */
function outfitterCorpus(): Corpus {
  const fixtures = join(repositoryRoot, "packages", "server", "test", "fixtures");
  const knowledgeBase = join(fixtures, "retrieval-kb");
  const documents = readdirSync(knowledgeBase)
    .filter((file) => file.endsWith(".md"))
    .map((file) => ({
      title: file,
      content: readFileSync(join(knowledgeBase, file), "utf8"),
      url: `https://outfitter.example/${file}`,
      externalId: file,
    }));
  const read = <T>(file: string) => JSON.parse(readFileSync(join(fixtures, file), "utf8")) as T;
  const questions: Question[] = read<Array<{ question: string; expectedDocument: string }>>(
    "retrieval-questions.json",
  ).map((entry) => ({
    text: entry.question,
    gold: [`https://outfitter.example/${entry.expectedDocument}`],
    answers: [],
    answerable: true,
  }));
  for (const entry of read<Array<{ question: string }>>("retrieval-unanswerable.json"))
    questions.push({ text: entry.question, gold: [], answers: [], answerable: false });
  return { name: "outfitter fixture", documents, questions };
}

/**
 * Short questions written for this benchmark on the support-site fixture (a typo in a word the
 * article uses, or a word no article uses for one they do), one corpus per kind, with the
 * synonym groups a site owner would write for those articles.
 */
function outfitterVariantCorpora(): Corpus[] {
  const documents = outfitterCorpus().documents;
  const variants = JSON.parse(
    readFileSync(join(here, "corpus", "outfitter-variants.json"), "utf8"),
  ) as {
    synonyms: string[][];
    questions: Array<{ kind: string; question: string; expectedDocument: string }>;
  };
  return ["misspelled", "synonym"].map((kind) => ({
    name: `outfitter variants: ${kind}`,
    documents,
    synonyms: variants.synonyms,
    questions: variants.questions
      .filter((entry) => entry.kind === kind)
      .map((entry) => ({
        text: entry.question,
        gold: [`https://outfitter.example/${entry.expectedDocument}`],
        answers: [],
        answerable: true,
      })),
  }));
}

/**
 * The knowledge-language tests' Spanish, French and German sets (4 short documents and 4
 * questions each, every question using other forms of the passage's words): each language once
 * with the experience's `knowledgeLanguage` set, once indexed as English (the default), to show
 * what the language's stemming and stop words change.
 */
function multilingualCorpora(): Corpus[] {
  return multilingualCases.flatMap((entry) =>
    [entry.language, "en"].map((language) => ({
      name: `${entry.language} inflections, indexed as ${language}`,
      knowledgeLanguage: language,
      firstSettingOnly: true,
      documents: entry.documents.map((document) => ({
        title: document.externalId,
        content: document.content,
        url: `https://${entry.language}.example/${document.externalId}`,
        externalId: document.externalId,
      })),
      questions: entry.questions.map((question) => ({
        text: question.text,
        gold: [`https://${entry.language}.example/${question.expected}`],
        answers: [],
        answerable: true,
      })),
    })),
  );
}

/**
 * Every corpus: the SQuAD subset, the project's docs, the support-site fixture and its
 * misspelled and synonym variants, and the Spanish, French and German inflection sets.
 */
export function loadCorpora(): Corpus[] {
  return [
    squadCorpus(),
    docsCorpus(),
    outfitterCorpus(),
    ...outfitterVariantCorpora(),
    ...multilingualCorpora(),
  ];
}
