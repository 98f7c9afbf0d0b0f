// Starts the real Nexus API for a test file: Fastify from `createApp`, a fresh database (a
// SQLite file, or a PostgreSQL database with NEXUS_TEST_DATABASE=postgres), rate limits off, on
// a random port of 127.0.0.1.
import type { AddressInfo } from "node:net";
import { createApp } from "@nexus-chat/server";
import { createTestDatabase } from "../../packages/server/test/support/test-database.js";
import { servedBundlePath } from "./served-bundle.js";

/** The admin token every test server accepts. */
export const testAdminToken = "e2e-admin-token";

export interface ApiServer {
  /** `http://127.0.0.1:<port>`, without a path. */
  origin: string;
  close(): Promise<void>;
}

export async function startApiServer(options: { seedDemo?: boolean } = {}): Promise<ApiServer> {
  const database = await createTestDatabase();
  const app = await createApp({
    databaseUrl: database.url,
    adminToken: testAdminToken,
    logLevel: "silent",
    seedDemo: options.seedDemo ?? false,
    widgetBundlePath: servedBundlePath(),
    rateLimits: false,
    // The custom protocols the test pages handle and their documents link with.
    linkSchemes: ["tour", "action", "livechat", "walkme", "product"],
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${address.port}`,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
