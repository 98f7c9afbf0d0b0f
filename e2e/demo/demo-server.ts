// The server the way `npm start` runs it: the `demo` experience seeded from docs/ and the events
// demo page at `/`, on a fresh SQLite file and a random port. The demo page is built first, as
// `npm run build` does.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "@nexus-chat/server";
import { testAdminToken, type ApiServer } from "../support/api-server.js";
import { servedBundlePath } from "../support/served-bundle.js";

const demoBuildScript = fileURLToPath(
  new URL("../../examples/events-demo/scripts/build.mjs", import.meta.url),
);

export async function startDemoServer(): Promise<ApiServer> {
  execFileSync(process.execPath, [demoBuildScript], { stdio: "pipe" });
  const directory = await mkdtemp(join(tmpdir(), "nexus-demo-e2e-"));
  const app = await createApp({
    databaseUrl: `sqlite:${join(directory, "nexus.sqlite")}`,
    adminToken: testAdminToken,
    logLevel: "silent",
    seedDemo: true,
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
