import type * as MarkdownChunk from "./markdown-chunk.js";

/**
 * Imports the markdown chunk. Bundlers (and the ESM build) make a chunk of their own from this
 * import; the script-tag build replaces this module with import-markdown-chunk.script.ts.
 */
export function importMarkdownChunk(): Promise<typeof MarkdownChunk> {
  return import("./markdown-chunk.js");
}
