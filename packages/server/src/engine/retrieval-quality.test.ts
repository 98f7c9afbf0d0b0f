import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { QueryResponse } from "@nexus-chat/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDocumentFiles } from "../ingest/read-document-files.js";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";

const fixtures = new URL("../../test/fixtures/", import.meta.url);
const knowledgeBase = fileURLToPath(new URL("retrieval-kb/", fixtures));
const questions = JSON.parse(
  readFileSync(new URL("retrieval-questions.json", fixtures), "utf8"),
) as Array<{
  question: string;
  expectedDocument: string;
}>;
const unanswerable = JSON.parse(
  readFileSync(new URL("retrieval-unanswerable.json", fixtures), "utf8"),
) as Array<{
  question: string;
}>;

describe("retrieval quality over a fixture knowledge base", () => {
  let test: TestApp;
  const fileOfDocument = new Map<string, string>();

  beforeAll(async () => {
    test = await startTestApp();
    // Ranking alone: declining on low confidence is measured by bench:quality, not here.
    await test.createExperience({
      id: "outfitter",
      name: "Outfitter help",
      engineOptions: { answerThreshold: 0 },
    });
    const documents = await readDocumentFiles([knowledgeBase], { baseDirectory: knowledgeBase });
    expect(documents.length).toBeGreaterThanOrEqual(30);
    const job = await test.app.nexus.ingestion.ingest("outfitter", documents);
    expect(job.failed).toBe(0);
    const rows = await test.app.nexus.store.db
      .selectFrom("documents")
      .select(["id", "external_id"])
      .execute();
    for (const row of rows) fileOfDocument.set(row.id, row.external_id ?? "");
  });

  afterAll(() => test.close());

  async function ask(text: string): Promise<QueryResponse> {
    const response = await test.app.inject({
      method: "POST",
      url: "/api/v2/query",
      payload: { text, experienceId: "outfitter" },
    });
    expect(response.statusCode).toBe(200);
    return response.json<QueryResponse>();
  }

  it("puts the right document first for at least 18 of the 20 questions", async () => {
    expect(questions).toHaveLength(20);
    const misses: string[] = [];
    for (const { question, expectedDocument } of questions) {
      const answer = await ask(question);
      const first = answer.sources[0] ? fileOfDocument.get(answer.sources[0].id) : "(no source)";
      if (first !== expectedDocument)
        misses.push(`${question} → ${first} (expected ${expectedDocument})`);
    }
    expect(misses.length, misses.join("\n")).toBeLessThanOrEqual(2);
  });

  it("says plainly when nothing relevant is found, and offers a person", async () => {
    for (const { question } of unanswerable) {
      const answer = await ask(question);
      expect(answer.sources).toEqual([]);
      expect(answer.answer).toMatch(/couldn't find/);
      expect(answer.actions?.actions[0]?.action.type).toBe("trigger_handover");
      expect(answer.answered).toBe(false);
    }
  });
});
