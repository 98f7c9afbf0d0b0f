import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";

// Workspaces import each other's TypeScript sources through the "@nexus-chat/source" export condition, so
// tests never need a build first.
const sourceConditions = ["@nexus-chat/source", "import", "module", "node", "default"];
// Vitest also hands the SSR conditions to Node (`--conditions`) for the packages it leaves to
// Node: "import" there made `require("pg-pool")` inside pg load pg-pool's ES module wrapper.
// Vite adds "import" or "require" itself, by how a module is imported.
const ssrConditions = ["@nexus-chat/source", "node", "development|production"];

// Server tests that spawn child processes (see the "processes" project).
const processTests = [
  "packages/server/src/cli.test.ts",
  "packages/server/src/two-processes.test.ts",
  "packages/server/src/conversation/conversations-two-processes.test.ts",
  "packages/server/src/routes/crash-recovery.test.ts",
  "packages/server/src/routes/io-error-fault.test.ts",
  "packages/server/src/routes/shared-memory-fault.test.ts",
  "packages/server/src/routes/storage-failures.test.ts",
  "packages/server/src/store/copy-data.test.ts",
];

export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: ssrConditions } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "packages/*/src/**/*.test.tsx"],
          environment: "node",
          // The server's tests open real databases (a PostgreSQL one per test app in the second
          // run), which on a busy two-core machine takes longer than Vitest's 5 s default.
          testTimeout: 20_000,
          hookTimeout: 30_000,
          exclude: [...configDefaults.exclude, ...processTests],
          // Two files at a time, where Vitest's default (one worker per core but one) runs them one
          // at a time on a two-core machine. Measured in CI on two cores, this pass was not faster
          // for it (855-873 s against 842 s, with four more files): these files are mostly busy,
          // not waiting. It is not slower either; the process tests below run alone in any case.
          maxWorkers: Math.max(2, availableParallelism() - 1),
        },
      },
      {
        extends: true,
        test: {
          // Tests that start processes of their own (servers, the CLI through tsx, PostgreSQL's
          // tools): alone, one file at a time, after the unit tests. Their timeouts allow for a
          // child's start-up on a busy machine, not for another test file competing with it.
          name: "processes",
          include: processTests,
          environment: "node",
          testTimeout: 20_000,
          hookTimeout: 30_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          // Browser tests: the real server and the built widget in a real Chromium, one file at a
          // time (each file starts its own server and browser), after the unit tests.
          name: "e2e",
          include: ["e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["e2e/global-setup.ts"],
          testTimeout: 45_000,
          hookTimeout: 60_000,
          expect: { poll: { timeout: 10_000 } },
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
