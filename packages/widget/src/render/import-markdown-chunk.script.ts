import type * as MarkdownChunk from "./markdown-chunk.js";
import { scriptUrl } from "../script-url.js";

/** The file scripts/build.mjs writes beside nexus-chat-widget.js. */
const chunkFileName = "nexus-chat-widget-markdown.js";

/**
 * The script-tag build's version of import-markdown-chunk.ts (swapped in by scripts/build.mjs):
 * imports the chunk from the directory the widget script came from. The URL must be absolute,
 * because a script from another origin has no base URL for a relative import().
 */
export async function importMarkdownChunk(): Promise<typeof MarkdownChunk> {
  if (!scriptUrl) throw new Error("The widget cannot tell where its script was loaded from.");
  return (await import(new URL(chunkFileName, scriptUrl).href)) as typeof MarkdownChunk;
}
