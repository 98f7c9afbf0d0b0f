import { createParser } from "eventsource-parser";
import { streamEventTypes, type StreamEvent, type StreamEventType } from "../wire/stream-events.js";

/** Callbacks of {@link createStreamEventDecoder}. */
export interface StreamEventDecoderCallbacks {
  /** A frame of a known type arrived. */
  onEvent: (event: StreamEvent) => void;
  /** A comment (such as the `ping` keep-alive) arrived. */
  onComment?: (comment: string) => void;
  /** A frame of a known type carried data that is not a JSON object. */
  onError?: (error: Error) => void;
}

/** Turns decoded text into stream events; feed it text in pieces of any size. */
export interface StreamEventDecoder {
  feed(text: string): void;
  /** The stream ended: dispatch a last frame whose final line break was a lone CR. */
  end(): void;
  reset(): void;
}

const knownTypes = new Set<string>(streamEventTypes);

function isKnownType(type: string | undefined): type is StreamEventType {
  return type !== undefined && knownTypes.has(type);
}

/**
 * Decodes the `POST /query` SSE stream. Frames may be split anywhere, lines may end in CRLF, LF
 * or CR; comments and unknown event types are skipped, because the protocol only grows.
 */
export function createStreamEventDecoder(
  callbacks: StreamEventDecoderCallbacks,
): StreamEventDecoder {
  const parser = createParser({
    onEvent(message) {
      if (!isKnownType(message.event)) return;
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        callbacks.onError?.(new Error(`Malformed data in "${message.event}" frame`));
        return;
      }
      if (typeof data !== "object" || data === null || Array.isArray(data)) {
        callbacks.onError?.(new Error(`The "${message.event}" frame's data is not an object`));
        return;
      }
      callbacks.onEvent({ ...data, type: message.event } as StreamEvent);
    },
    onComment: (comment) => callbacks.onComment?.(comment.trim()),
  });
  // A CR at the end of the text fed so far may be the first half of a CRLF, so the parser waits
  // for the next character; at the end of the stream there is none, and the CR stands alone.
  let endsWithCarriageReturn = false;
  return {
    feed(text) {
      if (text.length === 0) return;
      endsWithCarriageReturn = text.endsWith("\r");
      parser.feed(text);
    },
    end() {
      if (endsWithCarriageReturn) parser.feed("\n");
      endsWithCarriageReturn = false;
    },
    reset() {
      endsWithCarriageReturn = false;
      parser.reset();
    },
  };
}

/**
 * Reads a response body as stream events. UTF-8 characters split across network chunks are
 * reassembled. Ends when the body ends; a malformed frame rejects the iteration; stopping the
 * iteration early cancels the body.
 */
export async function* readStreamEvents(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<StreamEvent, void, undefined> {
  const pending: StreamEvent[] = [];
  let failure: Error | undefined;
  const decoder = createStreamEventDecoder({
    onEvent: (event) => pending.push(event),
    onError: (error) => (failure ??= error),
  });
  const text = new TextDecoder();
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      decoder.feed(done ? text.decode() : text.decode(value, { stream: true }));
      if (done) decoder.end();
      if (failure) throw failure;
      for (const event of pending.splice(0)) yield event;
      if (done) {
        finished = true;
        return;
      }
    }
  } finally {
    // A consumer that stops early (or a failure) must not leave the connection open.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
