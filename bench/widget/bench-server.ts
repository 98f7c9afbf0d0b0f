import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { AddressInfo } from "node:net";
import {
  encodeSseComment,
  encodeSseFrame,
  encodeStreamEvent,
  type StreamEvent,
  type ExperiencePublicConfig,
  type QueryRequest,
  type Session,
} from "@nexus-chat/protocol";
import { renderHostPage } from "./host-page.js";

/**
 * The load generator of the widget bench: one loopback origin that serves the host page, the built
 * widget, and a fake of the public API speaking the real wire protocol (frames come from the protocol
 * package's encoder). It is not the system under test, so it answers from a prepared script instead of
 * a knowledge base, and it records when it sent each chunk.
 */

/** What the next queries stream. */
export interface AnswerPlan {
  chunks: readonly string[];
  /** 0: push chunks as fast as the socket takes them; otherwise the gap between chunks. */
  intervalMs: number;
  /**
   * Like the real server, go on with the answer when the client goes away, keeping its frames for
   * the session channel (`GET /sessions/:id/events`); the rest is produced at once.
   */
  outliveClient?: boolean;
}

/** A frame kept for the session channel, with its channel id. */
interface KeptFrame {
  id: number;
  queryId: string;
  text: string;
}

/** When one streamed answer's chunks left the server (`Date.now()` clock, shared with the page). */
export interface StreamRecord {
  firstChunkSentAt: number;
  lastChunkSentAt: number;
  chunkSentAt: number[];
  /** The client went away before the end. */
  aborted: boolean;
}

/** One response the server sent, for counting the bytes a page loaded. */
export interface ServedResponse {
  path: string;
  receivedAt: number;
  body: Buffer;
}

export interface BenchServer {
  origin: string;
  experienceId: string;
  setAnswerPlan(plan: AnswerPlan): void;
  /** Resolves with the record of the next stream that completes. */
  nextStream(): Promise<StreamRecord>;
  /** Responses served since the last `clearServedLog()`. */
  served: ServedResponse[];
  clearServedLog(): void;
  close(): Promise<void>;
}

export interface BenchServerOptions {
  /**
   * The IIFE build served as the page's widget script. The markdown chunk it imports is served
   * from the file {@link markdownChunkName} in the same directory, when there is one.
   */
  bundlePath: string;
  experienceId?: string;
  /** More options for the host page's `init` call (`--widget-config`), merged over the defaults. */
  extraWidgetConfig?: Record<string, unknown>;
}

/** The script tag's path on the bench origin. */
export const bundleUrlPath = "/widget/nexus-chat-widget.js";
/** The file name of the lazily imported markdown chunk, which the IIFE resolves against its own URL. */
export const markdownChunkName = "nexus-chat-widget-markdown.js";
/** The markdown chunk's path on the bench origin: beside the script tag's file. */
export const markdownChunkUrlPath = `/widget/${markdownChunkName}`;

/** The markdown chunk that belongs to an IIFE build: the file of that name in the same directory. */
export function markdownChunkPathOf(bundlePath: string): string {
  return join(dirname(bundlePath), markdownChunkName);
}

async function readIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

export async function startBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  const experienceId = options.experienceId ?? "bench";
  const bundle = await readFile(options.bundlePath);
  // Builds from before the markdown chunk existed have none; the path then answers 404.
  const markdownChunk = await readIfPresent(markdownChunkPathOf(options.bundlePath));
  let plan: AnswerPlan = { chunks: ["Hello ", "there."], intervalMs: 0 };
  let streamWaiters: ((record: StreamRecord) => void)[] = [];
  /** Every answer frame kept for the session channel, and the channels listening for more. */
  const keptFrames: KeptFrame[] = [];
  const channelListeners = new Set<(frame: KeptFrame) => void>();
  const served: ServedResponse[] = [];
  let origin = "";

  const send = (
    response: ServerResponse,
    path: string,
    receivedAt: number,
    status: number,
    contentType: string,
    body: string | Buffer,
  ): void => {
    const bytes = typeof body === "string" ? Buffer.from(body) : body;
    served.push({ path, receivedAt, body: bytes });
    response.writeHead(status, {
      "content-type": contentType,
      "content-length": bytes.length,
      "cache-control": "no-store",
      "access-control-allow-origin": "*",
    });
    response.end(bytes);
  };
  const sendJson = (
    response: ServerResponse,
    path: string,
    receivedAt: number,
    status: number,
    value: unknown,
  ): void =>
    send(
      response,
      path,
      receivedAt,
      status,
      "application/json; charset=utf-8",
      JSON.stringify(value),
    );

  const newSession = (sessionId: string): Session => {
    const now = new Date().toISOString();
    return {
      sessionId,
      experienceId,
      userId: null,
      status: "active",
      metadata: {},
      createdAt: now,
      lastActivityAt: now,
      endedAt: null,
    };
  };

  const streamAnswer = async (
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> => {
    const query = JSON.parse((await readBody(request)) || "{}") as Partial<QueryRequest>;
    const queryId = `q_${randomUUID()}`;
    const sessionId = query.sessionId ?? randomUUID();
    const { chunks, intervalMs } = plan;
    response.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      "x-accel-buffering": "no",
      "access-control-allow-origin": "*",
    });
    response.socket?.setNoDelay(true);
    let aborted = false;
    response.on("close", () => {
      if (!response.writableFinished) aborted = true;
    });
    let eventId = 0;
    const outlive = plan.outliveClient === true;
    const keep = (event: StreamEvent, seq: number): void => {
      if (!outlive) return;
      const { type, ...fields } = event;
      const frame: KeptFrame = {
        id: keptFrames.length + 1,
        queryId,
        text: encodeSseFrame({
          event: type,
          id: keptFrames.length + 1,
          data: JSON.stringify({ ...fields, seq }),
        }),
      };
      keptFrames.push(frame);
      for (const listener of channelListeners) listener(frame);
    };
    const write = async (frame: string): Promise<void> => {
      if (aborted) return;
      // Backpressure: wait for the socket to drain, which is "as fast as the socket takes them".
      if (!response.write(frame) && !aborted) {
        // Drained, or gone (then the answer goes on without it when it outlives its client).
        await new Promise<void>((resolve) => {
          const done = (): void => {
            response.off("drain", done);
            response.off("close", done);
            resolve();
          };
          response.on("drain", done);
          response.on("close", done);
        });
      }
    };
    const sendEvent = async (event: StreamEvent): Promise<void> => {
      eventId += 1;
      keep(event, eventId);
      await write(encodeStreamEvent(event, eventId));
    };
    await write(encodeSseComment("stream opened"));
    await sendEvent({ type: "query-start", queryId, sessionId });
    const chunkSentAt: number[] = [];
    const startedAt = Date.now();
    for (let index = 0; index < chunks.length && (!aborted || outlive); index += 1) {
      if (intervalMs > 0 && !aborted) {
        const due = startedAt + index * intervalMs;
        const wait = due - Date.now();
        if (wait > 0) await sleep(wait);
      }
      chunkSentAt.push(Date.now());
      await sendEvent({ type: "text-delta", queryId, delta: chunks[index] as string });
    }
    if (!aborted || outlive) {
      await sendEvent({
        type: "sources",
        queryId,
        sources: [
          {
            id: "doc_bench",
            title: "Bench document",
            url: "https://docs.example.test/bench.html",
            snippet: "A passage the bench pretends to cite.",
            score: 1,
          },
        ],
      });
      await sendEvent({
        type: "query-end",
        queryId,
        answer: chunks.join(""),
        duration: Date.now() - startedAt,
      });
      if (!aborted) response.end();
    }
    const record: StreamRecord = {
      firstChunkSentAt: chunkSentAt[0] ?? startedAt,
      lastChunkSentAt: chunkSentAt.at(-1) ?? startedAt,
      chunkSentAt,
      aborted,
    };
    const waiters = streamWaiters;
    streamWaiters = [];
    for (const waiter of waiters) waiter(record);
  };

  /**
   * The session channel as the real server serves it, for one bench session at a time: the kept
   * frames after `Last-Event-ID` (or from the first frame of `?resume=<queryId>`), then live ones.
   */
  const openChannel = (request: IncomingMessage, response: ServerResponse, url: URL): void => {
    response.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      "access-control-allow-origin": "*",
    });
    response.socket?.setNoDelay(true);
    const lastEventId = Number(request.headers["last-event-id"] ?? Number.NaN);
    const resume = url.searchParams.get("resume");
    let after = Number.isInteger(lastEventId) ? lastEventId : keptFrames.length;
    if (!Number.isInteger(lastEventId) && resume !== null) {
      const first = keptFrames.find((frame) => frame.queryId === resume);
      if (first) after = first.id - 1;
    }
    // One write for the frames kept so far, as the real server's catch-up sends pages of them.
    response.write(
      keptFrames
        .slice(after)
        .map((frame) => frame.text)
        .join(""),
    );
    const listener = (frame: KeptFrame): void => void response.write(frame.text);
    channelListeners.add(listener);
    response.on("close", () => channelListeners.delete(listener));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const receivedAt = Date.now();
    const url = new URL(request.url ?? "/", origin);
    // The widget accepts apiUrl with or without /api/v2; the server answers under both prefixes.
    const path = url.pathname.replace(/^\/(api\/)?v2(?=\/)/, "/api");
    const method = request.method ?? "GET";
    if (method === "OPTIONS") {
      response.writeHead(204, {
        "access-control-allow-origin": "*",
        "access-control-allow-methods": "GET, POST, PATCH, DELETE, OPTIONS",
        "access-control-allow-headers":
          "Content-Type, Authorization, x-nexus-protocol, x-nexus-session-secret, Last-Event-ID",
        "access-control-max-age": "600",
      });
      response.end();
      return;
    }
    if (method === "GET" && (path === "/" || path === "/blank")) {
      const html = renderHostPage({
        withWidget: path === "/",
        widgetConfig: { experienceId, apiUrl: origin, ...options.extraWidgetConfig },
      });
      send(response, path, receivedAt, 200, "text/html; charset=utf-8", html);
      return;
    }
    if (method === "GET" && path === bundleUrlPath) {
      send(response, path, receivedAt, 200, "text/javascript; charset=utf-8", bundle);
      return;
    }
    if (method === "GET" && path === markdownChunkUrlPath && markdownChunk !== undefined) {
      send(response, path, receivedAt, 200, "text/javascript; charset=utf-8", markdownChunk);
      return;
    }
    const pack = /^\/widget\/(nexus-chat-widget-i18n-[\w-]+\.js)$/.exec(path)?.[1];
    if (method === "GET" && pack) {
      // A language pack (a run with --widget-config '{"locale":"…"}'), beside the script tag's file.
      const body = await readIfPresent(join(dirname(options.bundlePath), pack));
      if (body !== undefined) {
        send(response, path, receivedAt, 200, "text/javascript; charset=utf-8", body);
        return;
      }
    }
    if (method === "POST" && path === "/api/query") {
      served.push({ path, receivedAt, body: Buffer.alloc(0) });
      await streamAnswer(request, response);
      return;
    }
    if (method === "GET" && /^\/api\/sessions\/[^/]+\/events$/.test(path)) {
      served.push({ path, receivedAt, body: Buffer.alloc(0) });
      openChannel(request, response, url);
      return;
    }
    const body = method === "GET" ? "" : await readBody(request);
    let match: RegExpMatchArray | null;
    if (method === "GET" && (match = path.match(/^\/api\/experiences\/([^/]+)\/config$/))) {
      const config: ExperiencePublicConfig = {
        experienceId: match[1] ?? experienceId,
        name: "Bench experience",
        widget: {},
      };
      sendJson(response, path, receivedAt, 200, config);
    } else if (method === "POST" && path === "/api/sessions") {
      const requested = JSON.parse(body || "{}") as { sessionId?: string };
      sendJson(response, path, receivedAt, 201, newSession(requested.sessionId ?? randomUUID()));
    } else if (method === "POST" && (match = path.match(/^\/api\/sessions\/([^/]+)\/end$/))) {
      sendJson(response, path, receivedAt, 200, {
        ...newSession(match[1] ?? ""),
        status: "completed",
        endedAt: new Date().toISOString(),
      });
    } else if (method === "GET" && (match = path.match(/^\/api\/sessions\/([^/]+)$/))) {
      sendJson(response, path, receivedAt, 200, { ...newSession(match[1] ?? ""), turns: [] });
    } else if (method === "POST" && path.startsWith("/api/analytics/")) {
      sendJson(response, path, receivedAt, 202, { accepted: 1 });
    } else if (method === "POST" && path === "/api/query/feedback") {
      sendJson(response, path, receivedAt, 201, { accepted: 1 });
    } else if (method === "GET" && path === "/favicon.ico") {
      send(response, path, receivedAt, 204, "image/x-icon", "");
    } else {
      sendJson(response, path, receivedAt, 404, {
        error: { code: "NOT_FOUND", message: `The bench server has no ${method} ${path}` },
      });
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error("bench server:", error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    experienceId,
    setAnswerPlan(next) {
      plan = next;
    },
    nextStream() {
      return new Promise((resolve) => streamWaiters.push(resolve));
    },
    served,
    clearServedLog() {
      served.length = 0;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
