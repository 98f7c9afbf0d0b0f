import type { Persistence } from "./persistence.js";
import { newId } from "./new-id.js";

/** The answer being streamed, as a reload or another tab needs it to follow the answer. */
export interface InFlightAnswer {
  /** The transcript message holding the answer. */
  messageId: string;
  queryId: string;
  sessionId: string;
  /** Frames of the answer's stream already reported with events in the asking tab. */
  seq: number;
  /** The browser tab that asked (it survives a reload of that tab, not a new tab). */
  tabId: string;
}

/** Storage key, under the widget's prefix. */
const recordName = "answer-in-flight";
/** Key of this tab's id in `sessionStorage`, which a reload keeps and a new tab does not. */
const tabIdKey = "nexus-chat:tab";
/** The frame count is written at most this often while an answer streams. */
const writeIntervalMs = 250;

/**
 * Remembers the answer in flight: which message and query, which tab asked, and how many of its
 * frames that tab reported. A reload of that tab resumes it with events for the frames not yet
 * reported; another tab only shows it. Saving the growing text on every chunk would cost a
 * storage write per chunk; the text is rebuilt from the session channel instead, and only the
 * frame count is written, at most four times a second and when the page goes away.
 */
export interface InFlightRecord {
  /** This tab's id. */
  readonly tabId: string;
  read(): InFlightAnswer | undefined;
  start(answer: Omit<InFlightAnswer, "tabId">): void;
  /** The answer's frames reported so far. */
  progress(seq: number): void;
  /** The answer ended: forgets it (the stored record only if this tab wrote it). */
  clear(): void;
  /** Calls `listener` when another tab writes its answer in flight; returns the unsubscriber. */
  watch(listener: (answer: InFlightAnswer) => void): () => void;
}

function readTabId(): string {
  try {
    const known = sessionStorage.getItem(tabIdKey);
    if (known) return known;
    const id = newId();
    sessionStorage.setItem(tabIdKey, id);
    return id;
  } catch {
    return newId();
  }
}

const parse = (text: string | null): InFlightAnswer | undefined => {
  try {
    const record = JSON.parse(text ?? "null") as InFlightAnswer | null;
    return record &&
      typeof record.queryId === "string" &&
      typeof record.messageId === "string" &&
      typeof record.sessionId === "string" &&
      typeof record.seq === "number"
      ? record
      : undefined;
  } catch {
    return undefined;
  }
};

export function createInFlightRecord(
  persistence: Pick<Persistence, "read" | "write" | "chatKey">,
): InFlightRecord {
  const tabId = readTabId();
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
    tabId,
    read: () => parse(persistence.read(recordName)),
    start(answer) {
      current = { ...answer, tabId };
      addEventListener("pagehide", onPageHide);
      write();
    },
    progress(seq) {
      if (!current || seq === current.seq) return;
      current.seq = seq;
      if (seq !== written && timer === undefined) timer = setTimeout(write, writeIntervalMs);
    },
    watch(listener) {
      // The key of this record beside the chat's head (both carry the widget's prefix).
      const key = persistence.chatKey.replace(/chat$/, recordName);
      const onStorage = (event: StorageEvent): void => {
        if (event.key !== key) return;
        const answer = parse(event.newValue);
        if (answer && answer.tabId !== tabId) listener(answer);
      };
      addEventListener("storage", onStorage);
      return () => removeEventListener("storage", onStorage);
    },
    clear() {
      clearTimeout(timer);
      timer = undefined;
      removeEventListener("pagehide", onPageHide);
      current = undefined;
      // Another tab's record (this tab only followed its answer, or that tab asked since) is
      // that tab's to clear.
      if (parse(persistence.read(recordName))?.tabId === tabId) persistence.write(recordName, null);
    },
  };
}
