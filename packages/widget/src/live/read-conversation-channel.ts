import { createParser } from "eventsource-parser";
import { conversationFrameTypes, type ConversationFrame } from "@nexus-chat/protocol";
import type { ApiClient } from "../transport/api-client.js";
import type { OpenChannel } from "./live-conversation.js";

const knownTypes = new Set<string>(conversationFrameTypes);
/** Pause before the first reconnection; it doubles up to {@link maxDelayMs}, with jitter. */
const firstDelayMs = 500;
const maxDelayMs = 15_000;
/** Failed attempts in a row after which the state says `offline` rather than `reconnecting`. */
const attemptsBeforeOffline = 3;

/**
 * Reads the conversation frames of the session channel (`GET /sessions/:id/events`) until
 * closed, reconnecting after any break with growing, jittered pauses and `Last-Event-ID`, so no
 * frame is lost or repeated. `fetch` rather than `EventSource`, which cannot send the session
 * secret's header. Answer frames on the same channel are skipped here: the answer's own stream
 * (or the resume transport) shows them.
 */
export function conversationChannelOpener(client: ApiClient): OpenChannel {
  return (options) => {
    const controller = new AbortController();
    let lastEventId = options.lastEventId;
    let failures = 0;
    let state: string | undefined;
    const report = (next: "online" | "reconnecting" | "offline"): void => {
      if (next !== state) options.onState?.(next);
      state = next;
    };

    const connect = async (): Promise<"again" | "refused"> => {
      const headers = client.headers("text/event-stream", options.sessionId);
      delete headers["Content-Type"];
      if (lastEventId !== undefined) headers["Last-Event-ID"] = lastEventId;
      const response = await fetch(
        `${client.base}/sessions/${encodeURIComponent(options.sessionId)}/events`,
        { headers, signal: controller.signal, cache: "no-store" },
      );
      if (response.status >= 400 && response.status < 500 && response.status !== 429) {
        options.onRefused(response.status);
        return "refused";
      }
      if (!response.ok || !response.body) return "again";
      failures = 0;
      report("online");
      const parser = createParser({
        onEvent(message) {
          if (message.id) lastEventId = message.id;
          if (message.event === undefined || !knownTypes.has(message.event)) return;
          try {
            const data: unknown = JSON.parse(message.data);
            if (typeof data !== "object" || data === null || Array.isArray(data)) return;
            options.onFrame({ ...data, type: message.event } as ConversationFrame, message.id);
          } catch {
            // A malformed frame is skipped like an unknown one.
          }
        },
      });
      const reader = response.body.getReader();
      const text = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return "again";
        parser.feed(text.decode(value, { stream: true }));
      }
    };

    void (async () => {
      while (!controller.signal.aborted) {
        try {
          if ((await connect()) === "refused") return;
        } catch {
          // A network failure: try again below.
        }
        if (controller.signal.aborted) return;
        failures += 1;
        report(
          failures >= attemptsBeforeOffline || navigator.onLine === false
            ? "offline"
            : "reconnecting",
        );
        const delay = Math.min(maxDelayMs, firstDelayMs * 2 ** Math.min(failures - 1, 10));
        await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random() / 2)));
      }
    })();

    return () => controller.abort();
  };
}
