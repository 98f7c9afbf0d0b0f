import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createInFlightRecord } from "./in-flight-answer.js";

/** A Storage in memory, as `localStorage` and `sessionStorage` give it. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (index) => [...items.keys()][index] ?? null,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, String(value)),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
  };
}

const listeners = new Map<string, Set<(event: Event) => void>>();

beforeEach(() => {
  vi.useFakeTimers();
  listeners.clear();
  vi.stubGlobal("sessionStorage", memoryStorage());
  vi.stubGlobal("addEventListener", (type: string, listener: (event: Event) => void) => {
    if (!listeners.has(type)) listeners.set(type, new Set());
    listeners.get(type)!.add(listener);
  });
  vi.stubGlobal("removeEventListener", (type: string, listener: (event: Event) => void) =>
    listeners.get(type)?.delete(listener),
  );
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** The widget's storage under its prefix, as `createPersistence` gives it. */
function persistence(store = new Map<string, string>()) {
  return {
    store,
    chatKey: "nexus-chat:x:chat",
    read: (name: string) => store.get(name) ?? null,
    write(name: string, value: string | null): boolean {
      if (value === null) store.delete(name);
      else store.set(name, value);
      return true;
    },
  };
}

const answer = { messageId: "m1", queryId: "q1", sessionId: "s1", seq: 1 };

describe("in-flight answer record", () => {
  it("writes the start at once, the frame count at most every 250 ms, and all of it when the page goes away", () => {
    const storage = persistence();
    const record = createInFlightRecord(storage);
    record.start(answer);
    expect(record.read()).toEqual({ ...answer, tabId: record.tabId });
    record.progress(40);
    record.progress(80);
    expect(record.read()?.seq).toBe(1);
    vi.advanceTimersByTime(250);
    expect(record.read()?.seq).toBe(80);
    record.progress(95);
    for (const listener of listeners.get("pagehide") ?? []) listener(new Event("pagehide"));
    expect(record.read()?.seq).toBe(95);
  });

  it("keeps one id per tab across reloads (sessionStorage), and only its own tab clears the record", () => {
    const storage = persistence();
    const asking = createInFlightRecord(storage);
    // A reload of the same tab: same sessionStorage, same id.
    expect(createInFlightRecord(storage).tabId).toBe(asking.tabId);
    asking.start(answer);
    // Another tab has its own sessionStorage.
    vi.stubGlobal("sessionStorage", memoryStorage());
    const other = createInFlightRecord(persistence(storage.store));
    expect(other.tabId).not.toBe(asking.tabId);
    other.clear();
    expect(other.read()?.queryId).toBe("q1");
    asking.clear();
    expect(asking.read()).toBeUndefined();
  });

  it("tells other tabs about an answer, not the tab that wrote it", () => {
    const storage = persistence();
    const record = createInFlightRecord(storage);
    const heard: unknown[] = [];
    const stop = record.watch((seen) => heard.push(seen.queryId));
    const fire = (value: string | null): void => {
      for (const listener of listeners.get("storage") ?? []) {
        listener({ key: "nexus-chat:x:answer-in-flight", newValue: value } as StorageEvent);
      }
    };
    fire(JSON.stringify({ ...answer, tabId: "another-tab" }));
    fire(JSON.stringify({ ...answer, queryId: "q2", tabId: record.tabId }));
    fire(null);
    fire("not json");
    expect(heard).toEqual(["q1"]);
    stop();
    fire(JSON.stringify({ ...answer, tabId: "another-tab" }));
    expect(heard).toHaveLength(1);
  });
});
