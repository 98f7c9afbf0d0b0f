import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { fileURLToPath } from "node:url";
import { adminToken, jwtSecret } from "./test-app.js";

const cli = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));

/** How to run the `nexus-chat` command from the sources: `[...nodeArguments, "serve"]`. */
export const cliArguments = ["--import", "tsx", "--conditions=@nexus-chat/source", cli];

/** A `nexus-chat serve` process, its base URL, and what it printed so far. */
export interface SpawnedServer {
  base: string;
  process: ChildProcessWithoutNullStreams;
  output(): string;
}

/**
 * Starts `nexus-chat serve` as a real process on `databaseUrl` (silent unless `environment`
 * sets `LOG_LEVEL`); resolves once it listens.
 */
export function startServer(
  databaseUrl: string,
  environment: Record<string, string> = {},
): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [...cliArguments, "serve"], {
    env: {
      ...process.env,
      LOG_LEVEL: "silent",
      ...environment,
      DATABASE_URL: databaseUrl,
      NEXUS_ADMIN_TOKEN: adminToken,
      NEXUS_JWT_SECRET: jwtSecret,
      PORT: "0",
    },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed: ${output}`)), 60_000);
    const onData = () => {
      const match = /API:\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v2/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout.off("data", onData);
      resolve({ base: match[1], process: child, output: () => output });
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
}
