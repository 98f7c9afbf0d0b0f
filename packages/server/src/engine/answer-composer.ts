import type { ActionsBlock, Source } from "@nexus-chat/protocol";
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

function sourceLine(source: Source, index: number): string {
  const title = source.title.replace(/[[\]]/g, "");
  // Characters that would end the link early are escaped, so a URL cannot inject markdown.
  const url = source.url?.replace(
    /[()\s<>]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
  return url ? `${index + 1}. [${title}](${url})` : `${index + 1}. ${title}`;
}

/**
 * Builds the answer from the chosen passages. Passage markdown is kept verbatim (links with
 * custom protocols included: the widget decides what they do); each passage's heading leads it,
 * and a Sources list ends the answer.
 */
export function composeAnswer(passages: readonly RetrievedPassage[]): ComposedAnswer {
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
  const sections = passages.map((passage) =>
    passage.heading && passage.heading !== passage.title
      ? `**${passage.heading}**\n\n${passage.body}`
      : passage.body,
  );
  const answer = `${sections.join("\n\n")}\n\n**Sources**\n\n${sources.map(sourceLine).join("\n")}`;
  return { answer, sources, actions: passages[0]?.actions ?? null };
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
