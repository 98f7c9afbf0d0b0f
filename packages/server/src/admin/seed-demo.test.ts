import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExperiencePublicConfig, QueryResponse } from "@nexus-chat/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../app.js";

describe("the demo seed", () => {
  let directory: string;
  let docs: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), "nexus-seed-test-"));
    docs = join(directory, "docs");
    mkdirSync(join(docs, "decisions"), { recursive: true });
    writeFileSync(
      join(docs, "install.md"),
      "# Installing\n\nAdd the script tag and call init with your experienceId.",
    );
    writeFileSync(join(docs, "decisions", "0001-stack.md"), "# The stack\n\nFastify and SQLite.");
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const start = () =>
    createApp({
      databaseUrl: `sqlite:${join(directory, "data", "nexus.sqlite")}`,
      logLevel: "silent",
      seedDemo: true,
      docsDirectory: docs,
      rateLimits: false,
    });

  it(
    "creates the demo experience once, and keeps its knowledge base in line with docs/",
    {
      timeout: 30_000,
    },
    async () => {
      let app = await start();
      try {
        const config = (
          await app.inject({ method: "GET", url: "/api/v2/experiences/demo/config" })
        ).json<ExperiencePublicConfig>();
        expect(config.widget.messages?.welcomeMessage).toContain("Nexus Chat");
        const actions = config.widget.messages?.welcomeActions?.actions.map(
          (action) => action.action.type,
        );
        expect(actions).toEqual(expect.arrayContaining(["trigger_handover", "send_query"]));
        expect(await app.nexus.store.knowledge.countDocuments("demo")).toBe(2);
        const answer = (
          await app.inject({
            method: "POST",
            url: "/api/v2/query",
            payload: { text: "How do I add the script tag?", experienceId: "demo" },
          })
        ).json<QueryResponse>();
        expect(answer.sources[0]?.title).toBe("Installing");
      } finally {
        await app.close();
      }

      // Second start: one file changed, one removed, one added; nothing duplicated.
      writeFileSync(
        join(docs, "install.md"),
        "# Installing\n\nUse npm install @nexus-chat/widget.",
      );
      rmSync(join(docs, "decisions"), { recursive: true });
      writeFileSync(join(docs, "events.md"), "# Events\n\nwidget.on registers a handler.");
      app = await start();
      try {
        expect(await app.nexus.store.knowledge.countDocuments("demo")).toBe(2);
        const bodies = (await app.nexus.store.db.selectFrom("passages").select("body").execute())
          .map((row) => row.body)
          .sort();
        expect(bodies).toEqual([
          "Use npm install @nexus-chat/widget.",
          "widget.on registers a handler.",
        ]);
        expect(
          (await app.nexus.store.experiences.list()).map((experience) => experience.id),
        ).toEqual(["demo"]);
      } finally {
        await app.close();
      }
    },
  );

  it(
    "seeds once when two servers start together on one database",
    { timeout: 30_000 },
    async () => {
      const [first, second] = await Promise.all([start(), start()]);
      try {
        expect(await first.nexus.store.knowledge.countDocuments("demo")).toBe(2);
        const jobs = await first.nexus.store.db
          .selectFrom("ingestion_jobs")
          .select(["created", "duplicates", "failed"])
          .execute();
        expect(jobs.map((job) => job.failed)).toEqual([0, 0]);
        expect(jobs.map((job) => job.created).sort()).toEqual([0, 2]);
        expect((await second.nexus.store.experiences.list()).length).toBe(1);
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    },
  );
});
