/** A searchable piece of a document: one section, or part of a long one. */
export interface PassageDraft {
  /** The heading of the section the passage is in ("" before the first heading). */
  heading: string;
  /** The passage's markdown, verbatim. */
  body: string;
}

/**
 * Longest passage, in characters, made by grouping paragraphs. A single paragraph (or code
 * block) longer than this stays whole, so markdown is never cut mid-construct.
 * @default 1200
 */
export const passageTargetLength = 1200;

const headingPattern = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const fencePattern = /^\s*(```|~~~)/;

interface Section {
  heading: string;
  lines: string[];
}

/** Splits lines into sections at markdown headings, ignoring `#` lines inside code fences. */
function splitSections(markdown: string): Section[] {
  const sections: Section[] = [{ heading: "", lines: [] }];
  let fence: string | null = null;
  for (const line of markdown.split(/\r\n|\r|\n/)) {
    const fenceMatch = fencePattern.exec(line);
    if (fenceMatch?.[1])
      fence = fence === null ? fenceMatch[1] : fence === fenceMatch[1] ? null : fence;
    const heading = fence === null ? headingPattern.exec(line) : null;
    if (heading?.[2]) sections.push({ heading: heading[2], lines: [] });
    else sections.at(-1)!.lines.push(line);
  }
  return sections;
}

/** Splits a section's lines into blocks at blank lines, keeping code fences whole. */
function splitBlocks(lines: readonly string[]): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let inFence = false;
  for (const line of lines) {
    if (fencePattern.test(line)) inFence = !inFence;
    if (!inFence && line.trim() === "") {
      if (current.length > 0) blocks.push(current.join("\n"));
      current = [];
    } else current.push(line);
  }
  if (current.length > 0) blocks.push(current.join("\n"));
  return blocks;
}

/** Makes passages from markdown by heading, then by paragraph when a section is long. */
export function splitMarkdownIntoPassages(markdown: string): PassageDraft[] {
  const passages: PassageDraft[] = [];
  for (const section of splitSections(markdown)) {
    let body = "";
    for (const block of splitBlocks(section.lines)) {
      if (body && body.length + block.length + 2 > passageTargetLength) {
        passages.push({ heading: section.heading, body });
        body = "";
      }
      body = body ? `${body}\n\n${block}` : block;
    }
    if (body.trim()) passages.push({ heading: section.heading, body });
  }
  return passages;
}

/** The text of the first level-one heading, if any. */
export function firstHeading(markdown: string): string | undefined {
  return splitSections(markdown).find((section) => section.heading !== "")?.heading;
}
