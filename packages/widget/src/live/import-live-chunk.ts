import type * as LiveChunk from "./live-chunk.js";

/**
 * Imports the live-conversation chunk. Bundlers (and the ESM build) make a chunk of their own
 * from this import; the script-tag build replaces this module with import-live-chunk.script.ts.
 */
export function importLiveChunk(): Promise<typeof LiveChunk> {
  return import("./live-chunk.js");
}
