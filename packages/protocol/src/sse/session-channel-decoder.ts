import { createParser } from "eventsource-parser";
import { sessionChannelEventTypes, type SessionChannelEvent } from "../wire/session-channel.js";
import { conversationFrameTypes, type ConversationFrame } from "../wire/conversation.js";

/**
 * Any frame the session channel (`GET /sessions/:id/events`) carries in this protocol version:
 * an answer's frame (with `seq`) or a conversation frame (agent, queue, state; no `seq`).
 */
export type SessionChannelFrame = SessionChannelEvent | ConversationFrame;

/** Decodes the session channel's SSE text, fed in pieces of any size. */
export interface SessionChannelDecoder {
  feed(text: string): void;
}

const knownTypes = new Set<string>([...sessionChannelEventTypes, ...conversationFrameTypes]);

/**
 * Decodes the session channel: each frame of a known type, with its `id:` when it has one (the
 * `Last-Event-ID` to resume from). A frame of an unknown type, or with data that is not a JSON
 * object, is passed as `null` so that its id still moves the resume point on; otherwise it is
 * skipped, because the protocol only grows.
 */
export function createSessionChannelDecoder(
  onFrame: (frame: SessionChannelFrame | null, id: string | undefined) => void,
): SessionChannelDecoder {
  const parser = createParser({
    onEvent(message) {
      let frame: SessionChannelFrame | null = null;
      if (message.event !== undefined && knownTypes.has(message.event)) {
        try {
          const data: unknown = JSON.parse(message.data);
          if (typeof data === "object" && data !== null && !Array.isArray(data)) {
            frame = { ...data, type: message.event } as SessionChannelFrame;
          }
        } catch {
          // A malformed frame is skipped like an unknown one.
        }
      }
      onFrame(frame, message.id);
    },
  });
  return { feed: (text) => parser.feed(text) };
}
