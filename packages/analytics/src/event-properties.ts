import type { WidgetEventName, WidgetEvents } from "@nexus-chat/protocol";

/**
 * Payload fields that hold what the visitor typed or read. Analytics tools are a poor place for
 * that text (privacy, and GA4 truncates values at 100 characters), so by default each is replaced
 * by its length: `answer` becomes `answerLength`.
 */
const freeTextFields = new Set([
  "message",
  "answer",
  "chunk",
  "text",
  "finalText",
  "content",
  "transcript",
  "comment",
]);

export interface EventPropertiesOptions {
  /**
   * Send the visitor's and the assistant's text (messages, answers, comments, transcripts) as
   * well as its length.
   * @default false
   */
  includeText?: boolean;
}

/** The analytics properties of one widget event, camelCase, with free text reduced to lengths. */
export function eventProperties<Name extends WidgetEventName>(
  payload: WidgetEvents[Name],
  options: EventPropertiesOptions = {},
): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(payload)) {
    if (value === undefined) continue;
    if (freeTextFields.has(field) && typeof value === "string") {
      properties[`${field}Length`] = value.length;
      if (options.includeText) properties[field] = value;
      continue;
    }
    properties[field] = value;
  }
  return properties;
}
