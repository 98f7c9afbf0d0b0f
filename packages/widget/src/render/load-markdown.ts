import type * as MarkdownChunk from "./markdown-chunk.js";
import { importMarkdownChunk } from "./import-markdown-chunk.js";

export type Markdown = typeof MarkdownChunk;

let loaded: Markdown | undefined;
let loading: Promise<Markdown> | undefined;

/**
 * Loads the markdown chunk once and resolves with it. A failed load is forgotten, so the next
 * call tries again.
 */
export function loadMarkdown(): Promise<Markdown> {
  loading ??= importMarkdownChunk().then(
    (chunk) => (loaded = chunk),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The markdown chunk if it has arrived, for code that cannot wait for it. */
export function loadedMarkdown(): Markdown | undefined {
  return loaded;
}

/**
 * An answer's words as they are announced or read aloud. Before the chunk has arrived (answers
 * are then shown as plain text too) the text is used as it is.
 */
export function speechText(markdown: string): string {
  return loaded ? loaded.markdownToSpeechText(markdown) : markdown;
}

let preloadScheduled = false;

/**
 * Starts loading the chunk once the page has painted its next frame (the launcher's first), so it
 * is there before a visitor opens the chat, without delaying the launcher.
 */
export function preloadMarkdown(): void {
  if (preloadScheduled || typeof requestAnimationFrame !== "function") return;
  preloadScheduled = true;
  requestAnimationFrame(() => setTimeout(() => void loadMarkdown().catch(() => undefined)));
}
