// `npm start`: build what the server serves, then run it. The server migrates its database and
// seeds the demo experience on first start, and prints the address to open.
import { spawnSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";

const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run("npm", ["run", "build", "--silent"]);

const cli = new URL("../packages/server/dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  console.error("The server build is missing: expected packages/server/dist/cli.js.");
  process.exit(1);
}
const server = spawn(process.execPath, [cli.pathname, "serve", "--demo"], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
