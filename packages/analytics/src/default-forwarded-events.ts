import type { WidgetEventName } from "@nexus-chat/protocol";

/**
 * The events a forwarder sends unless told otherwise: every event except `messageChunk` and
 * `typing`, which fire many times per message and would flood an analytics plan.
 */
export const defaultForwardedEvents: readonly WidgetEventName[] = [
  "open",
  "close",
  "minimize",
  "maximize",
  "sessionStart",
  "sessionEnd",
  "sessionClear",
  "messageStart",
  "messageComplete",
  "typingStop",
  "feedback",
  "copy",
  "customAction",
  "handover",
  "disclaimerAccept",
  "linkClick",
  "voiceStart",
  "voiceEnd",
  "ttsStart",
  "ttsEnd",
  "error",
];
