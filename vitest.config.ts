import { defineConfig } from "vitest/config";

// Workspaces import each other's TypeScript sources through the "@nexus-chat/source" export condition, so
// tests never need a build first.
const sourceConditions = ["@nexus-chat/source", "import", "module", "node", "default"];

export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "packages/*/src/**/*.test.tsx"],
          environment: "node",
        },
      },
    ],
  },
});
