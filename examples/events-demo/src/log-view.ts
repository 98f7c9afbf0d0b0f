import {
  widgetEventGroups,
  widgetEventNames,
  type WidgetEventGroup,
  type WidgetEventName,
} from "@nexus-chat/protocol";
import type { EventLog, LogEntry } from "./event-log.js";

/** Group names in the order the documentation lists them. */
export const eventGroups: readonly WidgetEventGroup[] = [
  "ui",
  "session",
  "message",
  "interaction",
  "voice",
  "error",
];

export const groupLabels: Record<WidgetEventGroup, string> = {
  ui: "UI lifecycle",
  session: "Session",
  message: "Message",
  interaction: "Interaction",
  voice: "Voice & TTS",
  error: "Error",
};

/** Entries kept in the page; the download still holds the whole recording. */
const maximumRenderedEntries = 400;

/** Fields worth showing on an entry's one-line summary, in order of preference. */
const summaryFields = [
  "message",
  "chunk",
  "answer",
  "href",
  "text",
  "eventName",
  "reason",
  "rating",
  "previousMode",
  "finalText",
  "transcript",
  "language",
  "type",
  "messageCount",
];

function element<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  properties: Partial<HTMLElementTagNameMap[Tag]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[Tag] {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

function timeOfDay(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number, length = 2) => String(value).padStart(length, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function summary(payload: object): string {
  const fields = payload as Record<string, unknown>;
  // agentJoin: who joined (agentMessage shows its text, agentLeave its reason, first).
  const agent = (fields.agent as { name?: unknown } | undefined)?.name;
  if (typeof agent === "string" && !("text" in fields) && !("reason" in fields)) {
    return `agent: ${agent}`;
  }
  for (const field of summaryFields) {
    const value = fields[field];
    if (typeof value === "string" || typeof value === "number") {
      const text = String(value).replace(/\s+/g, " ");
      return `${field}: ${text.length > 80 ? `${text.slice(0, 79)}…` : text}`;
    }
  }
  return "";
}

function renderEntry(entry: LogEntry): HTMLLIElement {
  const payloadTime = (entry.payload as { timestamp?: string }).timestamp ?? entry.receivedAt;
  const item = element("li", { className: `log-entry group-${entry.group}` });
  item.dataset.eventName = entry.name;
  item.dataset.eventGroup = entry.group;
  const head = element(
    "div",
    { className: "log-entry-head" },
    element("span", { className: "group-badge" }, groupLabels[entry.group]),
    element("strong", { className: "event-name" }, entry.name),
    element("time", { dateTime: payloadTime }, timeOfDay(payloadTime)),
  );
  const line = summary(entry.payload);
  if (line) head.append(element("span", { className: "event-summary" }, line));
  const details = element(
    "details",
    {},
    element("summary", {}, `Payload of ${entry.name} #${entry.sequence}`),
    element("pre", { className: "payload" }, JSON.stringify(entry.payload, null, 2)),
  );
  item.append(head, details);
  return item;
}

/** Draws the log, the per-event counters and the group filters, and keeps them current. */
export function mountLogView(
  log: EventLog,
  parts: {
    list: HTMLOListElement;
    counters: HTMLElement;
    filters: HTMLElement;
    status: HTMLElement;
  },
): void {
  const hiddenGroups = new Set<WidgetEventGroup>();
  const counterOutputs = new Map<WidgetEventName, HTMLElement>();

  for (const group of eventGroups) {
    const checkbox = element("input", {
      type: "checkbox",
      checked: true,
      name: "group",
      value: group,
    });
    checkbox.addEventListener("change", () => {
      if (checkbox.checked) hiddenGroups.delete(group);
      else hiddenGroups.add(group);
      for (const item of parts.list.children) {
        const itemGroup = (item as HTMLElement).dataset.eventGroup as WidgetEventGroup;
        (item as HTMLElement).hidden = hiddenGroups.has(itemGroup);
      }
    });
    parts.filters.append(
      element("label", { className: `filter group-${group}` }, checkbox, groupLabels[group]),
    );
  }

  for (const group of eventGroups) {
    const names = widgetEventNames.filter((name) => widgetEventGroups[name] === group);
    const items = names.map((name) => {
      const output = element("span", { className: "count" }, "0");
      counterOutputs.set(name, output);
      const item = element(
        "li",
        { className: `counter group-${group}` },
        element("span", { className: "counter-name" }, name),
        output,
      );
      item.dataset.eventCount = name;
      item.dataset.count = "0";
      return item;
    });
    parts.counters.append(
      element(
        "li",
        { className: `counter-group group-${group}` },
        element("span", { className: "counter-group-name" }, groupLabels[group]),
        element("ul", { className: "counter-list" }, ...items),
      ),
    );
  }

  const updateCounter = (name: WidgetEventName) => {
    const output = counterOutputs.get(name);
    if (!output) return;
    const count = log.counts.get(name) ?? 0;
    output.textContent = String(count);
    const item = output.parentElement;
    if (item) item.dataset.count = String(count);
  };

  const updateStatus = () => {
    const shown = log.entries.length;
    parts.status.textContent = log.paused
      ? `Paused: ${log.skipped} event${log.skipped === 1 ? "" : "s"} not recorded.`
      : `${shown} event${shown === 1 ? "" : "s"} recorded.`;
  };

  log.subscribe((change) => {
    if (change.cleared) {
      parts.list.replaceChildren();
      for (const name of widgetEventNames) updateCounter(name);
    }
    if (change.added) {
      const item = renderEntry(change.added);
      item.hidden = hiddenGroups.has(change.added.group);
      parts.list.prepend(item);
      while (parts.list.childElementCount > maximumRenderedEntries)
        parts.list.lastElementChild?.remove();
      updateCounter(change.added.name);
    }
    updateStatus();
  });
  updateStatus();
}
