import { readStreamEvents, type QueryRequest, type StreamEvent } from "@nexus-chat/protocol";
import type { ApiClient } from "./api-client.js";
import { responseError } from "./api-client.js";
import { RequestError } from "./request-error.js";

export interface QueryStreamOptions {
  /** Aborting it stops the answer: the call then resolves with `"stopped"`. */
  signal: AbortSignal;
  /** Milliseconds without any byte from the server before the query fails with a timeout. */
  idleTimeout: number;
  /** The widget's language, sent as `Accept-Language` for the server's own texts. */
  language?: string;
  onEvent(event: StreamEvent): void;
}

/**
 * Sends a query and feeds its stream events to `onEvent` until `query-end` or `error`. Rejects
 * with a {@link RequestError}: `timeout` when the server falls silent, `network` when the
 * connection fails or the stream breaks off, `backend` when the server refuses the query.
 */
export async function streamQuery(
  client: ApiClient,
  body: QueryRequest,
  options: QueryStreamOptions,
): Promise<"ended" | "stopped"> {
  const controller = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Any byte, including the server's keep-alive comments, proves the connection is alive. One
  // timer checks the time of the last byte, rather than a timer reset per network chunk.
  let lastByteAt = Date.now();
  const check = (): void => {
    const silence = Date.now() - lastByteAt;
    if (silence < options.idleTimeout) {
      timer = setTimeout(check, options.idleTimeout - silence);
    } else {
      timedOut = true;
      controller.abort();
    }
  };
  const arm = (): void => void (lastByteAt = Date.now());
  timer = setTimeout(check, options.idleTimeout);
  const stop = (): void => controller.abort();
  options.signal.addEventListener("abort", stop);
  try {
    const response = await fetch(client.base + "/query", {
      method: "POST",
      headers: {
        ...client.headers("text/event-stream", body.sessionId),
        ...(options.language ? { "Accept-Language": options.language } : {}),
      },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    client.remember(response);
    if (!response.ok) throw await responseError(response);
    const stream = (response.body as ReadableStream<Uint8Array>).pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, output) {
          arm();
          output.enqueue(chunk);
        },
      }),
    );
    for await (const event of readStreamEvents(stream)) {
      options.onEvent(event);
      if (event.type === "query-end" || event.type === "error") return "ended";
    }
    throw new RequestError("network", "The answer stream broke off.");
  } catch (error) {
    if (options.signal.aborted) return "stopped";
    if (timedOut) {
      throw new RequestError("timeout", `No data for ${options.idleTimeout} ms.`);
    }
    if (error instanceof RequestError) throw error;
    throw new RequestError("network", (error as Error).message);
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener("abort", stop);
  }
}
