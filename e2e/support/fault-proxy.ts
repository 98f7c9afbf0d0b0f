// A transparent HTTP proxy in front of the API that can misbehave on demand: answer a route with
// an error status, cut an answer stream after some frames (the server "dies" mid-answer), or
// stall it (the server hangs). The widget talks to the proxy exactly as it would to the API.
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** What the proxy does with one request. */
export type Fault =
  /** Answer with this status and a JSON error body, without calling the API. */
  | { kind: "status"; status: number }
  /** Forward, then drop the connection after this many complete SSE frames of the answer. */
  | { kind: "cut"; afterFrames: number }
  /** Forward, then send nothing more (connection kept open) after this many SSE frames. */
  | { kind: "stall"; afterFrames: number };

/** Chooses a fault for a request, or `undefined` to pass it through untouched. */
export type FaultRule = (request: { method: string; path: string }) => Fault | undefined;

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** Replaces the active rule; `undefined` makes the proxy transparent again. */
  setRule(rule: FaultRule | undefined): void;
  /** Requests seen so far, as `METHOD /path`. */
  readonly requests: string[];
  /** Bodies of the requests seen so far, by `METHOD /path` (first 64 KB of each). */
  readonly bodies: { request: string; body: string }[];
  close(): Promise<void>;
}

/** Counts complete SSE frames (blocks ended by a blank line) that carry an `event:` or `data:`. */
function countFrames(text: string): { frames: number; endOfFrame: number[] } {
  const endOfFrame: number[] = [];
  const pattern = /\r?\n\r?\n/g;
  let start = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const block = text.slice(start, match.index);
    start = match.index + match[0].length;
    if (/^(event|data):/m.test(block)) endOfFrame.push(start);
  }
  return { frames: endOfFrame.length, endOfFrame };
}

export async function startFaultProxy(upstreamOrigin: string): Promise<FaultProxy> {
  const upstream = new URL(upstreamOrigin);
  let rule: FaultRule | undefined;
  const requests: string[] = [];
  const bodies: { request: string; body: string }[] = [];
  const openSockets = new Set<Socket>();

  const server = createServer((incoming: IncomingMessage, outgoing) => {
    const method = incoming.method ?? "GET";
    const path = incoming.url ?? "/";
    requests.push(`${method} ${path}`);
    const recorded = { request: `${method} ${path}`, body: "" };
    bodies.push(recorded);
    incoming.on("data", (chunk: Buffer) => {
      if (recorded.body.length < 65_536) recorded.body += chunk.toString("utf8");
    });
    const fault = method === "OPTIONS" ? undefined : rule?.({ method, path });

    if (fault?.kind === "status") {
      incoming.resume();
      outgoing.writeHead(fault.status, {
        "content-type": "application/json",
        "access-control-allow-origin": incoming.headers.origin ?? "*",
      });
      outgoing.end(
        JSON.stringify({ statusCode: fault.status, code: "INTERNAL", message: "Injected fault" }),
      );
      return;
    }

    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method,
        path,
        headers: { ...incoming.headers, host: upstream.host },
      },
      (answer) => {
        const headers = { ...answer.headers };
        delete headers.connection;
        delete headers["keep-alive"];
        outgoing.writeHead(answer.statusCode ?? 502, headers);
        if (!fault) {
          answer.pipe(outgoing);
          return;
        }
        let seen = "";
        let stopped = false;
        answer.on("data", (chunk: Buffer) => {
          if (stopped) return;
          const text = chunk.toString("utf8");
          const before = seen.length;
          seen += text;
          const { frames, endOfFrame } = countFrames(seen);
          if (frames < fault.afterFrames) {
            outgoing.write(text);
            return;
          }
          // Forward exactly up to the end of the allowed frame, then misbehave.
          const limit =
            fault.afterFrames === 0 ? 0 : (endOfFrame[fault.afterFrames - 1] ?? seen.length);
          stopped = true;
          answer.destroy();
          forwarded.destroy();
          // Drop the connection only once the allowed frames have left, as a crash would. The
          // reset discards what the browser has not read yet, so it waits long enough for a
          // loaded machine's browser to read them (50 ms lost them now and then).
          const cut = () => {
            if (fault.kind === "cut") outgoing.socket?.destroy();
          };
          if (limit > before) outgoing.write(seen.slice(before, limit), () => setTimeout(cut, 500));
          else setTimeout(cut, 500);
        });
        answer.on("end", () => {
          if (!stopped) outgoing.end();
        });
      },
    );
    // A client that goes away (the widget's Stop) must reach the API as a disconnect too.
    outgoing.on("close", () => {
      if (!outgoing.writableFinished) forwarded.destroy();
    });
    forwarded.on("error", () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      if (!outgoing.writableEnded) outgoing.end();
    });
    incoming.pipe(forwarded);
  });
  server.on("connection", (socket) => {
    openSockets.add(socket);
    socket.on("close", () => openSockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    bodies,
    setRule(next) {
      rule = next;
    },
    close() {
      for (const socket of openSockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
