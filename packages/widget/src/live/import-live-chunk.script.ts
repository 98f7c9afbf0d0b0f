import type * as LiveChunk from "./live-chunk.js";
import { scriptUrl } from "../script-url.js";

/** The file scripts/build.mjs writes beside nexus-chat-widget.js. */
const chunkFileName = "nexus-chat-widget-live.js";

/**
 * The script-tag build's version of import-live-chunk.ts (swapped in by scripts/build.mjs):
 * imports the chunk by absolute URL from the directory the widget script came from, like the
 * markdown chunk (a script from another origin has no base URL for a relative import()).
 */
export async function importLiveChunk(): Promise<typeof LiveChunk> {
  if (!scriptUrl) throw new Error("The widget cannot tell where its script was loaded from.");
  return (await import(new URL(chunkFileName, scriptUrl).href)) as typeof LiveChunk;
}
