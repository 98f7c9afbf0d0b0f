/**
 * What the parts of the live-conversation benchmark share: a server process (live-server.ts) and
 * the requests made to it, the admin token, percentiles and the load average.
 */
import { fork, type ChildProcess } from "node:child_process";
import { request as httpRequest, Agent, type IncomingMessage } from "node:http";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";

export const adminToken = "live-bench-admin-token-0123456789";
const serverScript = fileURLToPath(new URL("./live-server.ts", import.meta.url));
/** Keep-alive connections for the benchmark's own requests (closed by the runner at the end). */
export const httpAgent = new Agent({ keepAlive: true, maxSockets: Infinity });

export interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
}

/** A server process of the benchmark. */
export class LiveServer {
  readonly child: ChildProcess;
  port = 0;
  private readonly listeners = new Set<(message: Record<string, unknown>) => void>();

  constructor(databaseUrl: string, redisUrl = "") {
    this.child = fork(serverScript, [databaseUrl, redisUrl, adminToken], {
      execArgv: ["--expose-gc", "--import", "tsx", "--conditions=@nexus-chat/source"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.child.on("message", (message: Record<string, unknown>) => {
      for (const listener of [...this.listeners]) listener(message);
    });
  }

  private next(type: string): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      const listener = (message: Record<string, unknown>) => {
        if (message.type !== type) return;
        this.listeners.delete(listener);
        resolve(message);
      };
      this.listeners.add(listener);
    });
  }

  async ready(): Promise<void> {
    this.port = Number((await this.next("ready")).port);
  }

  async memory(): Promise<Memory> {
    const reply = this.next("memory");
    this.child.send({ type: "memory" });
    return (await reply) as unknown as Memory;
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.send({ type: "close" });
    await exited;
  }

  /** A JSON request; resolves with the status and parsed body. */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown; headers: IncomingMessage["headers"] }> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        {
          host: "127.0.0.1",
          port: this.port,
          method,
          path: `/api/v2${path}`,
          agent: httpAgent,
          headers: {
            ...(body === undefined ? {} : { "content-type": "application/json" }),
            ...headers,
          },
        },
        (response) => {
          let text = "";
          response.on("data", (chunk: Buffer) => (text += chunk.toString()));
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              body: text === "" ? null : (JSON.parse(text) as unknown),
              headers: response.headers,
            }),
          );
        },
      );
      request.on("error", reject);
      request.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }
}

export const admin = { authorization: `Bearer ${adminToken}` };
export const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
export const load = () => loadavg()[0]!.toFixed(2);

export async function newSession(
  server: LiveServer,
): Promise<{ sessionId: string; secret: string }> {
  const created = await server.call("POST", "/sessions", { experienceId: "live" });
  if (created.status !== 201) throw new Error(`session: ${created.status}`);
  return {
    sessionId: (created.body as { sessionId: string }).sessionId,
    secret: String(created.headers["x-nexus-session-secret"]),
  };
}

export function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}
