import type { WidgetEventName } from "./widget-events.js";

/** The documentation's grouping of widget events. */
export type WidgetEventGroup = "ui" | "session" | "message" | "interaction" | "voice" | "error";

/**
 * The group of every widget event. The `satisfies` clause makes the compiler reject this table
 * when an event is added to `WidgetEvents` and not here, so it doubles as the runtime list of
 * event names.
 */
export const widgetEventGroups = {
  open: "ui",
  close: "ui",
  minimize: "ui",
  maximize: "ui",
  sessionStart: "session",
  sessionEnd: "session",
  sessionClear: "session",
  messageStart: "message",
  messageChunk: "message",
  messageComplete: "message",
  typing: "interaction",
  typingStop: "interaction",
  feedback: "interaction",
  copy: "interaction",
  customAction: "interaction",
  handover: "interaction",
  disclaimerAccept: "interaction",
  linkClick: "interaction",
  voiceStart: "voice",
  voiceEnd: "voice",
  ttsStart: "voice",
  ttsEnd: "voice",
  error: "error",
  connectionChange: "session",
  messageResume: "message",
  agentJoin: "session",
  agentMessage: "message",
  agentLeave: "session",
} as const satisfies Record<WidgetEventName, WidgetEventGroup>;

/** Every widget event name, in documentation order. */
export const widgetEventNames = Object.keys(widgetEventGroups) as WidgetEventName[];
