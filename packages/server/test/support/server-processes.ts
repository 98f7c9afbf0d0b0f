// Real server processes (the CLI's `serve`, each its own Node process) and a private Redis, for
// the tests that run several processes on one PostgreSQL database.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));
const nodeArguments = ["--import", "tsx", "--conditions=@nexus-chat/source", cli, "serve"];

/** The `redis-server` binary, or `""` when it is not installed. */
export const redisServer = spawnSync("sh", ["-c", "command -v redis-server"], {
  encoding: "utf8",
}).stdout.trim();

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** One server process, as an operator would run it. */
export class ServerProcess {
  readonly child: ChildProcess;
  readonly origin: string;
  private output = "";

  constructor(
    readonly name: string,
    port: number,
    env: NodeJS.ProcessEnv,
  ) {
    this.origin = `http://127.0.0.1:${port}`;
    this.child = spawn(process.execPath, nodeArguments, {
      env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /** What the process printed, for failure messages. */
  get log(): string {
    return this.output.slice(-4000);
  }

  async ready(): Promise<void> {
    await waitFor(
      `${this.name} to answer /health`,
      async () => ((await this.health()).status === 200 ? true : undefined),
      90_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${this.log}`);
    });
  }

  async health(): Promise<{ status: number; body: { status: string; redis: string } }> {
    const response = await fetch(`${this.origin}/api/v2/health`);
    return { status: response.status, body: (await response.json()) as never };
  }

  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.origin}${path}`, init);
  }

  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill(signal);
    await Promise.race([exited, sleep(15_000)]);
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill("SIGKILL");
      await exited;
    }
  }
}

/** A private Redis, started and killed by the test. */
export class RedisProcess {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}

  async start(): Promise<void> {
    this.child = spawn(
      redisServer,
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    await waitFor(
      "Redis to listen",
      async () =>
        spawnSync("redis-cli", ["-p", String(this.port), "ping"], {
          encoding: "utf8",
        }).stdout.trim() === "PONG"
          ? true
          : undefined,
      10_000,
    );
  }

  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }
}
