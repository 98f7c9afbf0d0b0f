// The server the way `npm start` runs it: the `demo` experience seeded from docs/ and the events
// demo page at `/`, on a fresh SQLite file and a random port. The demo page is built first, as
// `npm run build` does.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startApiServer, type ApiServer } from "../support/api-server.js";

const demoBuildScript = fileURLToPath(
  new URL("../../examples/events-demo/scripts/build.mjs", import.meta.url),
);

export function startDemoServer(): Promise<ApiServer> {
  execFileSync(process.execPath, [demoBuildScript], { stdio: "pipe" });
  return startApiServer({ seedDemo: true });
}
