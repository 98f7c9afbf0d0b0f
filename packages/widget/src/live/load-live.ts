import type * as LiveChunk from "./live-chunk.js";
import { importLiveChunk } from "./import-live-chunk.js";

export type Live = typeof LiveChunk;

let loading: Promise<Live> | undefined;

/**
 * Loads the live-conversation chunk once, when a hand-over needs it. A failed load is
 * forgotten, so the next hand-over tries again.
 */
export function loadLive(): Promise<Live> {
  loading ??= importLiveChunk().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
