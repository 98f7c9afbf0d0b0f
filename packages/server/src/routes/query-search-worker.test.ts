import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseStream } from "../../test/support/parse-stream.js";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";
import { appTestDialect } from "../../test/support/test-database.js";

describe("POST /query with searches on worker threads", () => {
  let test: TestApp;

  beforeEach(async () => {
    test = await startTestApp({ searchWorkers: 2 });
    await test.createExperience({ id: "docs", name: "Docs" });
    await test.app.nexus.ingestion.ingest("docs", [
      {
        content: "# Tent care\n\nDry your tent completely before storing it, or mildew grows.",
        externalId: "tent.md",
      },
    ]);
  });
  afterEach(() => test.close());

  const ask = (text: string) =>
    test.app.inject({
      method: "POST",
      url: "/api/v2/query",
      headers: { accept: "text/event-stream" },
      payload: { text, experienceId: "docs" },
    });

  it("answers concurrent questions from the workers' searches", async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => ask("how do I dry my tent?")),
    );
    for (const response of responses) {
      const events = parseStream(response.body);
      const sources = events.find((event) => event.type === "sources");
      expect(sources?.type === "sources" && sources.sources[0]?.title).toBe("Tent care");
      expect(events.at(-1)?.type).toBe("query-end");
    }
  });

  it("searches a synonym group and an analysed language on the workers too", async () => {
    await test.createExperience({ id: "es", name: "Spanish", knowledgeLanguage: "es" });
    await test.app.nexus.ingestion.ingest("es", [
      { content: "# Reembolsos\n\nReembolsamos cada compra devuelta.", externalId: "r.md" },
    ]);
    const response = await test.app.inject({
      method: "POST",
      url: "/api/v2/query",
      payload: { text: "¿Me reembolsarán el dinero?", experienceId: "es" },
    });
    expect(response.json<{ sources: Array<{ title: string }> }>().sources[0]?.title).toBe(
      "Reembolsos",
    );
    // The workers used to get each step's terms without their alternatives.
    await test.app.nexus.ingestion.ingest("docs", [
      { content: "# Boots\n\nWipe mould off leather boots.", externalId: "boots.md" },
    ]);
    const found = await test.app.nexus.store.knowledge.searchWithPassages(
      "docs",
      ["mould"],
      10,
      new Map([["mould", ["mildew"]]]),
    );
    expect(found.passages.map((passage) => passage.title).sort()).toEqual(["Boots", "Tent care"]);
  });

  // The workers and the FTS5 table are SQLite's.
  it.skipIf(appTestDialect() !== "sqlite")(
    "ends the stream with an error frame when a worker's search fails",
    async () => {
      // The first question leaves the term counts cached on the main connection; dropping the
      // index then makes only the worker's search fail.
      expect(parseStream((await ask("how do I dry my tent?")).body).at(-1)?.type).toBe("query-end");
      await sql`DROP TABLE passages_fts`.execute(test.app.nexus.store.db);
      const events = parseStream((await ask("how do I dry my tent?")).body);
      expect(events[0]?.type).toBe("query-start");
      expect(events.at(-1)).toMatchObject({
        type: "error",
        code: "ENGINE_FAILED",
        retryable: true,
      });
    },
  );
});
