import { createHash } from "node:crypto";
import type { ActionButton, ActionsBlock, IngestionDocument } from "@nexus-chat/protocol";
import { ActionsBlockSchema } from "@nexus-chat/protocol/schemas";
import matter from "gray-matter";
import Value from "typebox/value";
import { htmlTitle, htmlToMarkdown } from "./html-to-markdown.js";
import {
  firstHeading,
  splitMarkdownIntoPassages,
  type PassageDraft,
} from "./split-into-passages.js";

/** A document parsed and split, ready to store. */
export interface PreparedDocument {
  title: string;
  url: string | null;
  format: "markdown" | "html" | "text";
  externalId: string | null;
  contentHash: string;
  metadata: Record<string, unknown>;
  actions: ActionsBlock | null;
  passages: PassageDraft[];
}

function refuseExecutableFrontMatter(): never {
  // gray-matter can evaluate JavaScript front matter; uploaded documents must never run code.
  throw new Error("Executable front matter is not allowed");
}

const frontMatterOptions = {
  engines: { js: refuseExecutableFrontMatter, javascript: refuseExecutableFrontMatter },
};

/** Reads `actions:` from front matter: a list of buttons, or a whole actions block. */
function readActions(value: unknown): ActionsBlock | null {
  if (value === undefined || value === null) return null;
  const block = Array.isArray(value) ? { actions: value as ActionButton[] } : value;
  if (!Value.Check(ActionsBlockSchema, block)) {
    throw new Error("The front matter's actions are not a valid list of action buttons");
  }
  return block as ActionsBlock;
}

function plainTextPassages(text: string): PassageDraft[] {
  // Plain text has no headings; its paragraphs are split like markdown without any.
  return splitMarkdownIntoPassages(text.replace(/^#/gm, "\\#"));
}

/**
 * Parses a document (markdown with optional front matter, HTML or plain text), computes the
 * hash used for de-duplication and splits it into passages. Throws on a document that cannot
 * be used, with a message fit for the job's error list.
 */
export function prepareDocument(
  document: IngestionDocument,
  fallbackTitle: string,
): PreparedDocument {
  const format = document.format ?? "markdown";
  let body = document.content;
  let data: Record<string, unknown> = {};
  if (format === "markdown") {
    const parsed = matter(document.content, frontMatterOptions);
    body = parsed.content;
    data = parsed.data as Record<string, unknown>;
  }
  const markdown = format === "html" ? htmlToMarkdown(body) : body;
  const passages =
    format === "text" ? plainTextPassages(markdown) : splitMarkdownIntoPassages(markdown);
  if (passages.length === 0) throw new Error("The document has no text");

  const title =
    document.title ??
    (typeof data.title === "string" ? data.title : undefined) ??
    (format === "html" ? htmlTitle(body) : undefined) ??
    (format === "markdown" ? firstHeading(markdown) : undefined) ??
    fallbackTitle;
  const url = document.url ?? (typeof data.url === "string" ? data.url : null);
  const contentHash = createHash("sha256")
    .update(JSON.stringify([format, title, url, document.content]))
    .digest("hex");
  const { actions: _actions, title: _title, url: _url, ...frontMatter } = data;
  return {
    title,
    url,
    format,
    externalId: document.externalId ?? null,
    contentHash,
    metadata: { ...frontMatter, ...document.metadata },
    actions: readActions(data.actions),
    passages,
  };
}
