// Starts the real Nexus API for a test file: Fastify from `createApp`, a fresh SQLite file,
// rate limits off, on a random port of 127.0.0.1.
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "@nexus-chat/server";
import { servedBundlePath } from "./served-bundle.js";

/** The admin token every test server accepts. */
export const testAdminToken = "e2e-admin-token";

export interface ApiServer {
  /** `http://127.0.0.1:<port>`, without a path. */
  origin: string;
  close(): Promise<void>;
}

export async function startApiServer(options: { seedDemo?: boolean } = {}): Promise<ApiServer> {
  const directory = await mkdtemp(join(tmpdir(), "nexus-e2e-"));
  const app = await createApp({
    databaseUrl: `sqlite:${join(directory, "nexus.sqlite")}`,
    adminToken: testAdminToken,
    logLevel: "silent",
    seedDemo: options.seedDemo ?? false,
    widgetBundlePath: servedBundlePath(),
    rateLimits: false,
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${address.port}`,
    async close() {
      await app.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
