import type { AddressInfo } from "node:net";
import type { OperatorRole } from "@nexus-chat/protocol";
import { ConsoleAccess, createApp } from "@nexus-chat/server";
import type { FastifyInstance } from "fastify";
import { inject } from "vitest";
import { createTestDatabase } from "../../packages/server/test/support/test-database.js";
import { testAdminToken } from "./api-server.js";
import { servedBundlePath } from "./served-bundle.js";

/** Cheap password hashing: the tests sign in many times, and the cost is not what they test. */
const passwordCost = { N: 1024, r: 8, p: 1 };

export interface ConsoleServer {
  app: FastifyInstance;
  origin: string;
  close(): Promise<void>;
}

/**
 * The real server serving the built console and widget on loopback, with one operator. It runs
 * on SQLite even in the PostgreSQL pass of `npm test` (see `scripts/run-tests.mjs`): there,
 * creating an assistant in the console timed out in 2 of 3 runs, cause not found yet.
 */
export async function startConsoleServer(operator: {
  email: string;
  displayName: string;
  role: OperatorRole;
  password: string;
}): Promise<ConsoleServer> {
  const database = await createTestDatabase("sqlite");
  const app = await createApp({
    databaseUrl: database.url,
    adminToken: testAdminToken,
    // No demo knowledge base ingesting in the background while the console is driven.
    seedDemo: false,
    logLevel: "silent",
    widgetBundlePath: servedBundlePath(),
    consoleDirectory: inject("consoleSnapshot"),
    rateLimits: false,
    passwordCost,
    // The console's web import crawls a site that the test serves on loopback.
    webIngestion: { allowPrivateNetworks: true },
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  await new ConsoleAccess(app.nexus.store.operators, passwordCost).createOperator(operator);
  return {
    app,
    origin: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
