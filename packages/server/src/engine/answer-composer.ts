import type { ActionsBlock, Source } from "@nexus-chat/protocol";
import type { AnswerSelection } from "./answer-selector.js";
import type { MarkdownUnit } from "./markdown-units.js";
import type { RetrievedPassage } from "./passage-retriever.js";
import { visitorTexts, type VisitorTexts } from "./visitor-texts.js";

/** A composed answer: markdown, the documents it cites, and the top document's actions. */
export interface ComposedAnswer {
  answer: string;
  sources: Source[];
  actions: ActionsBlock | null;
}

const snippetLength = 200;

/** Plain-ish text for a source excerpt: markdown links and emphasis reduced to their words. */
function toSnippet(markdown: string): string {
  const text = markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[#>*_`|]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > snippetLength ? `${text.slice(0, snippetLength - 1).trimEnd()}…` : text;
}

/** A markdown link to a source, or its plain title when it has no address. */
function sourceLink(title: string, url: string | null): string {
  const text = title.replace(/[[\]]/g, "");
  // Characters that would end the link early are escaped, so a URL cannot inject markdown.
  const safeUrl = url?.replace(
    /[()\s<>]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
  return safeUrl ? `[${text}](${safeUrl})` : text;
}

function sourceLine(source: Source, index: number): string {
  return `${index + 1}. ${sourceLink(source.title, source.url)}`;
}

/**
 * Builds the answer from the chosen passages. Passage markdown is kept verbatim (links with
 * custom protocols included: the widget decides what they do); each passage's heading leads it,
 * and a Sources list ends the answer.
 */
export function composeAnswer(passages: readonly RetrievedPassage[]): ComposedAnswer {
  const sources = listSources(passages);
  const sections = passages.map((passage) =>
    passage.heading && passage.heading !== passage.title
      ? `**${passage.heading}**\n\n${passage.body}`
      : passage.body,
  );
  const answer = `${sections.join("\n\n")}\n\n**Sources**\n\n${sources.map(sourceLine).join("\n")}`;
  return { answer, sources, actions: passages[0]?.actions ?? null };
}

/** The documents of the chosen passages, best first, each once. */
export function listSources(passages: readonly RetrievedPassage[]): Source[] {
  const sources: Source[] = [];
  for (const passage of passages) {
    if (sources.some((source) => source.id === passage.documentId)) continue;
    sources.push({
      id: passage.documentId,
      title: passage.title,
      url: passage.url,
      snippet: toSnippet(passage.body),
      score: Math.round(passage.score * 1000) / 1000,
    });
  }
  return sources;
}

/** Joins units back into markdown: a paragraph's sentences with spaces, blocks apart. */
function joinUnits(units: readonly MarkdownUnit[]): string {
  let markdown = "";
  for (const [index, unit] of units.entries()) {
    const previous = units[index - 1];
    if (previous === undefined) markdown = unit.text;
    else if (previous.block === unit.block && unit.kind === "sentence") markdown += ` ${unit.text}`;
    else if (previous.block === unit.block) markdown += `\n${unit.text}`;
    else markdown += `\n\n${unit.text}`;
  }
  return markdown;
}

/**
 * Builds an answer that leads with what answers the question: the selected sentences (markdown
 * and custom-protocol links verbatim), then the source, linked right there, where the whole
 * passage can be read, then other relevant documents. The `sources` frame lists them all as
 * before.
 */
export function composeFocusedAnswer(
  passages: readonly RetrievedPassage[],
  selection: AnswerSelection,
): ComposedAnswer {
  const { passage } = selection;
  // The quoted document leads the sources, even when another ranked higher.
  const sources = listSources([passage, ...passages]);
  const place =
    passage.heading && passage.heading !== passage.title
      ? `${passage.title} › ${passage.heading}`
      : passage.title;
  let answer = `${joinUnits(selection.units)}\n\nSource: ${sourceLink(place, passage.url)}`;
  const others = sources.filter((source) => source.id !== passage.documentId);
  if (others.length > 0)
    answer += `\n\nSee also: ${others.map((source) => sourceLink(source.title, source.url)).join(" · ")}`;
  return { answer, sources, actions: passage.actions ?? passages[0]?.actions ?? null };
}

/** The answer when the knowledge base has nothing relevant: say so, offer a person. */
export function composeNoAnswer(texts: VisitorTexts = visitorTexts()): ComposedAnswer {
  return {
    answer: texts.notFound,
    sources: [],
    actions: {
      actions: [
        {
          id: "no-answer-handover",
          label: texts.talkToAgent,
          action: {
            type: "trigger_handover",
            payload: { reason: "no_answer_found", priority: "normal" },
          },
        },
      ],
    },
  };
}
