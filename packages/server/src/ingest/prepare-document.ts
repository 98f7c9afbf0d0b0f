import { createHash } from "node:crypto";
import type { ActionButton, ActionsBlock, IngestionDocument } from "@nexus-chat/protocol";
import { ActionsBlockSchema } from "@nexus-chat/protocol/schemas";
import matter from "gray-matter";
import Value from "typebox/value";
import { dropUnsafeLinks } from "./drop-unsafe-links.js";
import { escapeMarkdown } from "./escape-markdown.js";
import { htmlTitle, htmlToMarkdown } from "./html-to-markdown.js";
import { LinkPolicy } from "./link-policy.js";
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

/**
 * Reads `actions:` from front matter: a list of buttons, or a whole actions block. An `open_url`
 * button whose URL the policy refuses is dropped (the widget would not follow it either).
 */
function readActions(value: unknown, links: LinkPolicy): ActionsBlock | null {
  if (value === undefined || value === null) return null;
  const block = Array.isArray(value) ? { actions: value as ActionButton[] } : value;
  if (!Value.Check(ActionsBlockSchema, block)) {
    throw new Error("The front matter's actions are not a valid list of action buttons");
  }
  const checked = block as ActionsBlock;
  const actions = checked.actions.filter(
    (button) => button.action.type !== "open_url" || links.allows(button.action.url),
  );
  if (actions.length === 0) return null;
  return actions.length === checked.actions.length ? checked : { ...checked, actions };
}

/**
 * Parses a document (markdown with optional front matter, HTML or plain text), computes the
 * hash used for de-duplication and splits it into passages. Throws on a document that cannot
 * be used, with a message fit for the job's error list.
 *
 * Links, images and action URLs that `links` refuses (`javascript:`, `data:`, unconfigured
 * custom protocols) are dropped here, so the API never hands them out; plain text is escaped so
 * that it shows as written, never as markup.
 */
export function prepareDocument(
  document: IngestionDocument,
  fallbackTitle: string,
  links: LinkPolicy = new LinkPolicy(),
): PreparedDocument {
  const format = document.format ?? "markdown";
  let body = document.content;
  let data: Record<string, unknown> = {};
  if (format === "markdown") {
    const withFrontMatter = matter(document.content, frontMatterOptions);
    body = withFrontMatter.content;
    data = withFrontMatter.data as Record<string, unknown>;
  }
  const parsed = format === "html" ? htmlToMarkdown(body) : body;
  const markdown = format === "text" ? escapeMarkdown(parsed) : dropUnsafeLinks(parsed, links);
  const passages = splitMarkdownIntoPassages(markdown);
  if (passages.length === 0) throw new Error("The document has no text");

  const title =
    document.title ??
    (typeof data.title === "string" ? data.title : undefined) ??
    (format === "html" ? htmlTitle(body) : undefined) ??
    (format === "markdown" ? firstHeading(markdown) : undefined) ??
    fallbackTitle;
  const givenUrl = document.url ?? (typeof data.url === "string" ? data.url : null);
  const url = givenUrl !== null && links.allows(givenUrl) ? givenUrl : null;
  // What is stored joins the hash when it differs from what was sent: a document imported
  // again after LINK_SCHEMES changed is updated, not skipped as a duplicate.
  const stored = markdown === parsed ? [] : [markdown];
  const contentHash = createHash("sha256")
    .update(JSON.stringify([format, title, url, document.content, ...stored]))
    .digest("hex");
  const { actions: _actions, title: _title, url: _url, ...frontMatter } = data;
  return {
    title,
    url,
    format,
    externalId: document.externalId ?? null,
    contentHash,
    metadata: { ...frontMatter, ...document.metadata },
    actions: readActions(data.actions, links),
    passages,
  };
}
