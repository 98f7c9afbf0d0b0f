import { createParser } from "eventsource-parser";
import { sessionChannelEventTypes, type SessionChannelEvent } from "../wire/session-channel.js";

/** Decodes the session channel's SSE text, fed in pieces of any size. */
export interface SessionChannelDecoder {
  feed(text: string): void;
}

const knownTypes = new Set<string>(sessionChannelEventTypes);

/**
 * Decodes the session channel (`GET /sessions/:id/events`): each frame of a known type, with its
 * `id:` when it has one (the `Last-Event-ID` to resume from). Frames of unknown types still move
 * the id on, and are otherwise skipped, because the protocol only grows.
 */
export function createSessionChannelDecoder(
  onEvent: (event: SessionChannelEvent | null, id: string | undefined) => void,
): SessionChannelDecoder {
  const parser = createParser({
    onEvent(message) {
      let event: SessionChannelEvent | null = null;
      if (message.event !== undefined && knownTypes.has(message.event)) {
        try {
          const data: unknown = JSON.parse(message.data);
          if (typeof data === "object" && data !== null && !Array.isArray(data)) {
            event = { ...data, type: message.event } as SessionChannelEvent;
          }
        } catch {
          // A malformed frame is skipped like an unknown one.
        }
      }
      onEvent(event, message.id);
    },
  });
  return { feed: (text) => parser.feed(text) };
}
