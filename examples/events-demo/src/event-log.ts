import {
  widgetEventGroups,
  type WidgetEventGroup,
  type WidgetEventName,
  type WidgetEvents,
} from "@nexus-chat/protocol";

/** One recorded widget event. */
export interface LogEntry {
  /** Position in the recording, from 1. */
  sequence: number;
  name: WidgetEventName;
  group: WidgetEventGroup;
  /** When the page received the event, as an ISO 8601 string. */
  receivedAt: string;
  payload: WidgetEvents[WidgetEventName];
}

export type LogListener = (change: { added?: LogEntry; cleared?: boolean }) => void;

/** Entries kept at most; the oldest go first, so a long session cannot exhaust memory. */
const maximumEntries = 5000;

/**
 * The recording behind the page's event log: entries, per-event counts and the pause switch.
 * Rendering lives elsewhere; this only keeps state and tells listeners what changed.
 */
export class EventLog {
  readonly entries: LogEntry[] = [];
  readonly counts = new Map<WidgetEventName, number>();
  paused = false;
  /** Events that arrived while paused and were not recorded. */
  skipped = 0;
  private sequence = 0;
  private readonly listeners = new Set<LogListener>();

  subscribe(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  record<Name extends WidgetEventName>(name: Name, payload: WidgetEvents[Name]): void {
    if (this.paused) {
      this.skipped += 1;
      this.notify({});
      return;
    }
    this.sequence += 1;
    const entry: LogEntry = {
      sequence: this.sequence,
      name,
      group: widgetEventGroups[name],
      receivedAt: new Date().toISOString(),
      payload,
    };
    this.entries.push(entry);
    if (this.entries.length > maximumEntries) this.entries.shift();
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    this.notify({ added: entry });
  }

  clear(): void {
    this.entries.length = 0;
    this.counts.clear();
    this.skipped = 0;
    this.notify({ cleared: true });
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    this.notify({});
  }

  /** The recording as a JSON document, the "session recording" a visitor can download. */
  toJson(context: Record<string, unknown>): string {
    return JSON.stringify(
      {
        recordedWith: "Nexus Chat events demo",
        exportedAt: new Date().toISOString(),
        ...context,
        counts: Object.fromEntries(this.counts),
        events: this.entries,
      },
      null,
      2,
    );
  }

  private notify(change: { added?: LogEntry; cleared?: boolean }): void {
    for (const listener of this.listeners) listener(change);
  }
}
