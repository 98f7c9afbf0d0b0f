import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SseStream } from "./sse-stream.js";

describe("SseStream", () => {
  let server: Server;
  let stream: SseStream | undefined;

  afterEach(async () => {
    stream?.end();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function open(heartbeatIntervalMs: number): Promise<IncomingMessage> {
    server = createServer((_request, response) => {
      stream = new SseStream(response, { "x-extra": "kept" }, heartbeatIntervalMs);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve) => request({ host: "127.0.0.1", port }, resolve).end());
  }

  function collect(response: IncomingMessage): { text: () => string } {
    let text = "";
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => (text += chunk));
    return { text: () => text };
  }

  it("sends the streaming headers, numbered frames and pings, then ends", async () => {
    const response = await open(10);
    expect(response.headers).toMatchObject({
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
      "x-extra": "kept",
    });
    const body = collect(response);
    await stream!.send({ type: "query-start", queryId: "q", sessionId: "s" });
    // A ping comes within a few intervals; how many depends on the machine's load, not on us.
    await vi.waitFor(() => expect(body.text()).toContain(": ping\n\n"), { timeout: 5000 });
    await stream!.send({ type: "text-delta", queryId: "q", delta: "two\nlines" });
    stream!.end();
    await new Promise((resolve) => response.on("end", resolve));
    expect(body.text().replaceAll(": ping\n\n", "")).toBe(
      'event: query-start\nid: 1\ndata: {"queryId":"q","sessionId":"s"}\n\n' +
        'event: text-delta\nid: 2\ndata: {"queryId":"q","delta":"two\\nlines"}\n\n',
    );
    expect(stream!.signal.aborted).toBe(false);
  });

  it("sends the headers and the frames of the same tick in one socket write", async () => {
    let socketWrites = 0;
    server = createServer((_request, response) => {
      const socket = response.socket as unknown as Record<string, (...args: unknown[]) => void>;
      for (const name of ["_write", "_writev"]) {
        const original = socket[name]!.bind(socket);
        socket[name] = (...args: unknown[]) => {
          socketWrites += 1;
          original(...args);
        };
      }
      stream = new SseStream(response, {}, 1000);
      void stream.send({ type: "query-start", queryId: "q", sessionId: "s" });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const response = await new Promise<IncomingMessage>((resolve) =>
      request({ host: "127.0.0.1", port }, resolve).end(),
    );
    const body = collect(response);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(body.text()).toContain("event: query-start\nid: 1\n");
    expect(socketWrites).toBe(1);
  });

  it("aborts its signal when the client goes away, and ignores later sends", async () => {
    const response = await open(1000);
    const aborted = new Promise((resolve) => stream!.signal.addEventListener("abort", resolve));
    response.destroy();
    await aborted;
    await expect(
      stream!.send({ type: "text-delta", queryId: "q", delta: "late" }),
    ).resolves.toBeUndefined();
  });
});
