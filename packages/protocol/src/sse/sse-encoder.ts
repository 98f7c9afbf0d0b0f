import type { StreamEvent } from "../wire/stream-events.js";

/** One server-sent-events frame. */
export interface SseFrame {
  event?: string;
  /** Sent as one `data:` line per line of text. */
  data: string;
  id?: string | number;
}

const lineBreak = /\r\n|\r|\n/;

function assertSingleLine(field: string, value: string): void {
  // A line break would end the field early and let the rest be read as another field.
  if (lineBreak.test(value)) throw new TypeError(`SSE ${field} must not contain a line break`);
}

/** Serialises one frame, ending with the blank line that dispatches it. */
export function encodeSseFrame(frame: SseFrame): string {
  let text = "";
  if (frame.event !== undefined) {
    assertSingleLine("event", frame.event);
    text += `event: ${frame.event}\n`;
  }
  if (frame.id !== undefined) {
    const id = String(frame.id);
    assertSingleLine("id", id);
    text += `id: ${id}\n`;
  }
  for (const line of frame.data.split(lineBreak)) text += `data: ${line}\n`;
  return `${text}\n`;
}

/** A comment line, ignored by clients; used as a keep-alive ping. */
export function encodeSseComment(comment: string): string {
  assertSingleLine("comment", comment);
  return `: ${comment}\n\n`;
}

/** Serialises a stream event: `event:` is its type, `data:` the rest as JSON. */
export function encodeStreamEvent(event: StreamEvent, id?: number): string {
  const { type, ...data } = event;
  return encodeSseFrame({
    event: type,
    data: JSON.stringify(data),
    ...(id === undefined ? {} : { id }),
  });
}
