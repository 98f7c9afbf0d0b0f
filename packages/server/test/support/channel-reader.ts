import { sessionSecretHeader } from "@nexus-chat/protocol";
import { createParser, type EventSourceMessage } from "eventsource-parser";

/** One SSE frame as a client sees it: its id (`""` when it has none), event name and JSON data. */
export interface ReadFrame {
  id: string;
  type: string;
  data: Record<string, unknown>;
  /** `performance.now()` when it arrived. */
  receivedAt: number;
}

/** An open SSE stream whose frames pile up in `frames` as they arrive. */
export interface OpenStream {
  frames: ReadFrame[];
  /** Resolves with the first frame (at or after `from`) that `match` accepts; rejects after `timeoutMs`. */
  waitFor(
    match: (frame: ReadFrame) => boolean,
    timeoutMs?: number,
    from?: number,
  ): Promise<ReadFrame>;
  close(): void;
}

/**
 * Opens an SSE stream (the session channel, or the console's Inbox feed) and keeps reading it
 * in the background until `close()`. Resolves once the response's headers arrived.
 */
export async function openStream(
  url: string,
  headers: Record<string, string>,
): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  if (response.status !== 200)
    throw new Error(`stream ${url}: ${response.status} ${await response.text()}`);
  const frames: ReadFrame[] = [];
  const waiters = new Set<() => void>();
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      frames.push({
        id: message.id ?? "",
        type: message.event ?? "message",
        data: JSON.parse(message.data) as Record<string, unknown>,
        receivedAt: performance.now(),
      });
      for (const wake of [...waiters]) wake();
    },
  });
  void (async () => {
    const reader = response.body!.getReader();
    const text = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(text.decode(value, { stream: true }));
      }
    } catch {
      // Closed by us, or the server went away.
    }
  })();
  return {
    frames,
    waitFor(match, timeoutMs = 10_000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = frames.slice(from).find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching frame within ${timeoutMs} ms; got ${frames.map((frame) => frame.type).join(", ")}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}

/** Opens a visitor's session channel. */
export function openSessionChannel(
  base: string,
  session: { sessionId: string; secret: string },
  lastEventId?: string,
): Promise<OpenStream> {
  return openStream(`${base}/sessions/${session.sessionId}/events`, {
    [sessionSecretHeader]: session.secret,
    ...(lastEventId === undefined ? {} : { "last-event-id": lastEventId }),
  });
}
