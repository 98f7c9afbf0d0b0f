/**
 * The PostgreSQL side of the server benchmarks: a fresh database for one run, and the CPU time
 * its backends spend, read from /proc (PostgreSQL runs on this machine in every bench setup).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const servicesScript = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "scripts",
  "test-services.sh",
);

/**
 * A new database on the server named by NEXUS_BENCH_POSTGRES_URL or NEXUS_TEST_POSTGRES_URL, else
 * on a private server started with scripts/test-services.sh; `drop` removes both.
 */
export async function preparePostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  let servicesDirectory: string | undefined;
  let serverUrl = process.env.NEXUS_BENCH_POSTGRES_URL ?? process.env.NEXUS_TEST_POSTGRES_URL;
  if (!serverUrl) {
    const started = execFileSync(servicesScript, ["start"], { encoding: "utf8" });
    serverUrl = /NEXUS_TEST_POSTGRES_URL=(\S+)/.exec(started)?.[1];
    servicesDirectory = /NEXUS_TEST_SERVICES_DIRECTORY=(\S+)/.exec(started)?.[1];
    if (!serverUrl) throw new Error("scripts/test-services.sh did not start PostgreSQL");
  }
  const name = `nexus_bench_${randomBytes(4).toString("hex")}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      if (servicesDirectory) execFileSync(servicesScript, ["stop", servicesDirectory]);
    },
  };
}

/** CPU time (µs) spent so far by each PostgreSQL backend serving the database, by process id. */
export async function postgresCpuMicroseconds(url: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    const ticksPerSecond = 100;
    const used = new Map<number, number>();
    for (const { pid } of rows) {
      try {
        // utime and stime, fields 14 and 15 of /proc/<pid>/stat (after the command in brackets).
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
        used.set(pid, ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1e6);
      } catch {
        // The backend ended meanwhile.
      }
    }
    return used;
  } finally {
    await client.end();
  }
}

/** The CPU time (µs) the backends spent between two readings of {@link postgresCpuMicroseconds}. */
export function postgresCpuSpent(
  before: ReadonlyMap<number, number>,
  after: ReadonlyMap<number, number>,
): number {
  let spent = 0;
  for (const [pid, microseconds] of after) spent += microseconds - (before.get(pid) ?? 0);
  return spent;
}
