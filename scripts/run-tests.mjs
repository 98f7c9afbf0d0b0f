// `npm test` after lint and typecheck: every suite, on both database dialects.
// 1. The whole suite (unit and browser) on SQLite; the store's contract suite also on PostgreSQL.
// 2. The server's suite and the browser suite again, every app on PostgreSQL
//    (NEXUS_TEST_DATABASE=postgres), but for the files listed in `runOnce`.
// PostgreSQL and Redis are private instances started here (scripts/test-services.sh) unless
// NEXUS_TEST_POSTGRES_URL names one already. Without PostgreSQL installed, step 2 is skipped
// with a notice, except under CI, which must run both dialects.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

const root = new URL("../", import.meta.url).pathname;

/**
 * Tests the PostgreSQL pass leaves out, because they would test nothing new there:
 * - browser tests whose subject is the widget alone (speech, languages, markdown, styling, the
 *   demo pages, the interceptor, options): the server only serves the bundle and answers, and
 *   what they store is stored the same way by the files that do run twice (sessions, turns,
 *   feedback, link clicks, analytics, live answers);
 * - tests that use SQLite whatever the pass (the CLI's, the console's browser tests, see
 *   e2e/support/console-server.ts).
 * Together about five minutes of CI. A new test runs in both passes unless it is added here.
 */
const runOnce = [
  "e2e/voice/**",
  "e2e/demo/**",
  "e2e/languages.test.ts",
  "e2e/markdown-chunk.test.ts",
  "e2e/styling-and-hosting.test.ts",
  "e2e/long-conversation.test.ts",
  "e2e/accessibility.test.ts",
  "e2e/documentation-example.test.ts",
  "e2e/interceptor.test.ts",
  "e2e/configuration-and-instances.test.ts",
  "e2e/console.test.ts",
  "e2e/console-web.test.ts",
  "e2e/live-agent.test.ts",
  "e2e/live-agent-outcomes.test.ts",
  "e2e/hostile-agent-messages.test.ts",
  "packages/server/src/cli.test.ts",
];

function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...env },
  });
  return result.status ?? 1;
}

function postgresInstalled() {
  const base = "/usr/lib/postgresql";
  return (
    existsSync(base) &&
    readdirSync(base).some((version) => existsSync(`${base}/${version}/bin/initdb`))
  );
}

const env = {};
let servicesDirectory;
if (!process.env.NEXUS_TEST_POSTGRES_URL && postgresInstalled()) {
  const started = spawnSync("scripts/test-services.sh", ["start"], { cwd: root, encoding: "utf8" });
  if (started.status !== 0) {
    process.stderr.write(started.stderr);
    process.exit(1);
  }
  for (const line of started.stdout.split("\n")) {
    const match = /^export (\w+)=(.*)$/.exec(line);
    if (match) env[match[1]] = match[2];
  }
  servicesDirectory = env.NEXUS_TEST_SERVICES_DIRECTORY;
}
const stopServices = () => {
  if (servicesDirectory)
    spawnSync("scripts/test-services.sh", ["stop", servicesDirectory], { cwd: root });
  servicesDirectory = undefined;
};
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopServices();
    process.exit(130);
  });
}

let status = 0;
try {
  const postgresUrl = env.NEXUS_TEST_POSTGRES_URL ?? process.env.NEXUS_TEST_POSTGRES_URL;
  if (!postgresUrl && process.env.CI) {
    console.error("CI runs the suite on PostgreSQL too, and PostgreSQL is not installed.");
    status = 1;
  } else {
    status = run("npx", ["vitest", "run"], env);
    if (status === 0 && postgresUrl) {
      console.log("\nThe server's suite and the browser suite again, on PostgreSQL:\n");
      // The widget bundle was built and checked by the first run.
      const exclusions = runOnce.flatMap((glob) => ["--exclude", glob]);
      status = run("npx", ["vitest", "run", "packages/server", "e2e", ...exclusions], {
        ...env,
        NEXUS_TEST_DATABASE: "postgres",
        NEXUS_E2E_PREBUILT: "1",
      });
    } else if (status === 0) {
      console.log("\nPostgreSQL is not installed: the suite ran on SQLite only.");
    }
  }
} finally {
  stopServices();
}
process.exit(status);
