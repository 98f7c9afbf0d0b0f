// `nexus-chat copy-data`: every table of a populated SQLite file copied into an empty database
// (PostgreSQL when NEXUS_TEST_POSTGRES_URL is set, another SQLite file always), counts verified,
// a non-empty target refused, and the retrieval-quality fixture answered from the copy with at
// least the first-source hits of the original.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { QueryResponse } from "@nexus-chat/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  testDialects,
  type TestDatabase,
} from "../../test/support/test-database.js";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";
import { extractSearchTerms } from "../engine/search-terms.js";
import { readDocumentFiles } from "../ingest/read-document-files.js";
import { copyData, TargetNotEmptyError } from "./copy-data.js";
import { openStore } from "./store.js";

const fixtures = new URL("../../test/fixtures/", import.meta.url);
const knowledgeBase = fileURLToPath(new URL("retrieval-kb/", fixtures));
const questions = JSON.parse(
  readFileSync(new URL("retrieval-questions.json", fixtures), "utf8"),
) as Array<{ question: string; expectedDocument: string }>;
const cli = fileURLToPath(new URL("../cli.ts", import.meta.url));
const nodeArguments = ["--import", "tsx", "--conditions=@nexus-chat/source", cli];

/** How many questions get the expected document as their first source. */
async function firstSourceHits(test: TestApp): Promise<number> {
  const files = new Map(
    (
      await test.app.nexus.store.db.selectFrom("documents").select(["id", "external_id"]).execute()
    ).map((row) => [row.id, row.external_id]),
  );
  let hits = 0;
  for (const { question, expectedDocument } of questions) {
    const response = await test.app.inject({
      method: "POST",
      url: "/api/v2/query",
      payload: { text: question, experienceId: "outfitter" },
    });
    expect(response.statusCode).toBe(200);
    const first = response.json<QueryResponse>().sources[0];
    if (first && files.get(first.id) === expectedDocument) hits += 1;
  }
  return hits;
}

describe("copy-data from a populated SQLite file", () => {
  let directory: string;
  let sourceUrl: string;
  let sourceHits: number;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), "nexus-copy-test-"));
    sourceUrl = `sqlite:${join(directory, "nexus.sqlite")}`;
    const source = await startTestApp({ databaseUrl: sourceUrl });
    try {
      await source.createExperience({
        id: "outfitter",
        name: "Outfitter help",
        engineOptions: { answerThreshold: 0 },
      });
      const documents = await readDocumentFiles([knowledgeBase], { baseDirectory: knowledgeBase });
      expect((await source.app.nexus.ingestion.ingest("outfitter", documents)).failed).toBe(0);
      // An experience in another language, whose passages go to the analysed index.
      await source.createExperience({ id: "tienda", name: "Tienda", knowledgeLanguage: "es" });
      await source.app.nexus.ingestion.ingest("tienda", [
        { content: "# Reembolsos\n\nReembolsamos cada compra devuelta.", externalId: "r.md" },
      ]);
      // Every other table gets rows too (the questions below make sessions and turns).
      sourceHits = await firstSourceHits(source);
      const store = source.app.nexus.store;
      const turn = await store.db
        .selectFrom("turns")
        .select(["id", "session_id"])
        .executeTakeFirstOrThrow();
      await store.analytics.saveFeedback({
        queryId: turn.id,
        sessionId: turn.session_id,
        rating: "positive",
      });
      await store.analytics.saveLinkClick({
        experienceId: "outfitter",
        sessionId: turn.session_id,
        href: "https://example.com",
        text: "Example",
        protocol: "https:",
      });
      await store.analytics.saveWidgetEvents("outfitter", [
        {
          name: "open",
          sessionId: turn.session_id,
          timestamp: new Date().toISOString(),
          payload: {},
        },
      ]);
      await store.handovers.save({
        handoverId: "h1",
        sessionId: turn.session_id,
        reason: "help",
        priority: "normal",
        metadata: {},
        status: "recorded",
      });
      await store.clients.createClient({
        clientId: "c1",
        name: "Client",
        secretHash: "hash",
        scopes: ["query:execute"],
        experienceIds: null,
      });
      await store.clients.saveRefreshToken({
        tokenHash: "t1",
        clientId: "c1",
        scopes: ["query:execute"],
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      });
      await store.clients.ensureSetting("copy-test", "kept");
      await store.operators.create({
        operatorId: "o1",
        email: "ada@example.com",
        displayName: "Ada",
        role: "admin",
        passwordHash: "hash",
      });
      await store.operators.createSession({
        tokenHash: "s1",
        operatorId: "o1",
        csrfToken: "csrf",
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      });
    } finally {
      await source.close();
    }
  });

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  describe.each(testDialects())("into an empty %s database", (dialect) => {
    let target: TestDatabase;
    beforeAll(async () => {
      target = await createTestDatabase(dialect);
    });
    afterAll(() => target.drop());

    it("copies every table, verifies the counts, and answers as well from the copy", async () => {
      const from = await openStore(sourceUrl);
      const to = await openStore(target.url);
      let last = { copied: 0, total: 0 };
      try {
        const counts = await copyData(from, to, (progress) => (last = progress));
        const copied = new Map(counts.map(({ table, rows }) => [table, rows]));
        for (const table of [
          "experiences",
          "documents",
          "passages",
          "sessions",
          "turns",
          "feedback",
          "link_clicks",
          "widget_events",
          "handovers",
          "api_clients",
          "refresh_tokens",
          "ingestion_jobs",
          "server_settings",
          "operators",
          "operator_sessions",
        ]) {
          expect(copied.get(table), table).toBeGreaterThan(0);
        }
        expect(copied.get("turns")).toBe(questions.length);
        expect(last.copied).toBe(last.total);
        // New rows after the copy get fresh ids (the serial counters moved past the copied ones).
        await to.analytics.saveWidgetEvents("outfitter", [
          { name: "close", sessionId: null, timestamp: new Date().toISOString(), payload: {} },
        ]);
      } finally {
        await to.close();
        await from.close();
      }
      const copy = await startTestApp({ databaseUrl: target.url });
      try {
        const hits = await firstSourceHits(copy);
        expect(hits).toBeGreaterThanOrEqual(sourceHits);
        expect(hits).toBeGreaterThanOrEqual(18);
        // Indexed again in its own language on the way in.
        const terms = extractSearchTerms("¿Me reembolsarán el dinero?", "es");
        expect(await copy.app.nexus.store.knowledge.search("tienda", terms, 5, "es")).toHaveLength(
          1,
        );
      } finally {
        await copy.close();
      }
    });

    // The CLI is a separate process started through tsx: seconds on a busy machine.
    it(
      "refuses a target that is not empty, with the reason, through the CLI",
      { timeout: 90_000 },
      () => {
        const result = spawnSync(
          process.execPath,
          [...nodeArguments, "copy-data", "--from", sourceUrl, "--to", target.url],
          { encoding: "utf8", timeout: 70_000, env: { ...process.env, LOG_LEVEL: "silent" } },
        );
        expect(result.status, result.stderr).toBe(1);
        expect(result.stderr).toMatch(
          /^nexus-chat: the target database is not empty \(2 rows in experiences, \d+ rows in documents, .*\)\. copy-data copies into an empty database only/,
        );
        // Not a terminal: no progress bar was drawn.
        expect(result.stdout).toBe("");
      },
    );
  });

  it(
    "copies through the CLI with a summary, and a second run is refused",
    { timeout: 150_000 },
    async () => {
      const target = `sqlite:${join(directory, "copy.sqlite")}`;
      const run = () =>
        spawnSync(
          process.execPath,
          [...nodeArguments, "copy-data", "--from", sourceUrl, "--to", target],
          {
            encoding: "utf8",
            timeout: 70_000,
          },
        );
      const first = run();
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toMatch(
        /^Copied \d+ rows in [\d.]+ s; every table's count matches the source:/,
      );
      expect(first.stdout).toMatch(/passages\s+\d+/);
      const second = run();
      expect(second.status).toBe(1);
      expect(second.stderr).toContain("the target database is not empty");
      const [from, to] = [await openStore(sourceUrl), await openStore(target)];
      try {
        await expect(copyData(from, to)).rejects.toBeInstanceOf(TargetNotEmptyError);
      } finally {
        await to.close();
        await from.close();
      }
    },
  );
});
