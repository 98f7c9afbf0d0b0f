import type { Persistence } from "./persistence.js";

/** The answer being streamed, as a reload needs it to resume the answer. */
export interface InFlightAnswer {
  /** The transcript message holding the answer. */
  messageId: string;
  queryId: string;
  sessionId: string;
  /** Frames of the answer's stream already reported with events (`messageChunk`). */
  seq: number;
}

/** Storage key, under the widget's prefix. */
const recordName = "answer-in-flight";
/** The frame count is written at most this often while an answer streams. */
const writeIntervalMs = 250;

/**
 * Remembers the answer in flight across a reload: which message and query, and how many of its
 * frames were reported. Saving the growing text on every chunk would cost a storage write per
 * chunk; the text is rebuilt from the session channel instead, and only the frame count is
 * written, at most four times a second and when the page goes away.
 */
export interface InFlightRecord {
  read(): InFlightAnswer | undefined;
  start(answer: InFlightAnswer): void;
  /** The answer's frames reported so far. */
  progress(seq: number): void;
  clear(): void;
  /** Calls `listener` when another tab starts an answer; returns the function that stops it. */
  watch(listener: (answer: InFlightAnswer) => void): () => void;
}

export function createInFlightRecord(
  persistence: Pick<Persistence, "read" | "write" | "chatKey">,
): InFlightRecord {
  let current: InFlightAnswer | undefined;
  let written = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (!current) return;
    written = current.seq;
    persistence.write(recordName, JSON.stringify(current));
  };
  const onPageHide = (): void => write();
  return {
    read() {
      try {
        const record = JSON.parse(persistence.read(recordName) ?? "null") as InFlightAnswer | null;
        return record && typeof record.queryId === "string" && typeof record.seq === "number"
          ? record
          : undefined;
      } catch {
        return undefined;
      }
    },
    start(answer) {
      current = { ...answer };
      addEventListener("pagehide", onPageHide);
      write();
    },
    progress(seq) {
      if (!current || seq === current.seq) return;
      current.seq = seq;
      if (seq !== written && timer === undefined) timer = setTimeout(write, writeIntervalMs);
    },
    watch(listener) {
      // The key of this record beside the chat's (both carry the widget's prefix).
      const key = persistence.chatKey.replace(/chat$/, recordName);
      const onStorage = (event: StorageEvent): void => {
        if (event.key !== key || !event.newValue) return;
        try {
          const answer = JSON.parse(event.newValue) as InFlightAnswer;
          // Only the first write of an answer: later ones only move its frame count on.
          if (typeof answer.queryId === "string" && answer.seq <= 1) listener(answer);
        } catch {
          // Not a record of ours.
        }
      };
      addEventListener("storage", onStorage);
      return () => removeEventListener("storage", onStorage);
    },
    clear() {
      clearTimeout(timer);
      timer = undefined;
      current = undefined;
      removeEventListener("pagehide", onPageHide);
      persistence.write(recordName, null);
    },
  };
}
