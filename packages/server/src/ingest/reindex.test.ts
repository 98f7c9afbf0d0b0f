// Re-indexing a knowledge base (issue 12): the search index is built again from the stored
// passages, for a whole assistant or one document, through the ingestion API (scope AND
// experience) and the console (admins), on the database the suite runs on.
import type { IngestionJob } from "@nexus-chat/protocol";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signInOperator } from "../../test/support/console-sessions.js";
import { startTestApp, waitForJob, type TestApp } from "../../test/support/test-app.js";

describe("re-indexing a knowledge base", () => {
  let test: TestApp;
  let refundsId: string;
  let shippingId: string;

  const search = (text: string) => test.app.nexus.store.knowledge.search("kb", text.split(" "), 5);

  /** Loses every index entry of the knowledge base, as a broken or rebuilt index would. */
  const loseIndex = async () => {
    const db = test.app.nexus.store.db;
    if (test.app.nexus.store.dialect === "sqlite") await sql`delete from passages_fts`.execute(db);
    else await sql`update passages set search = null`.execute(db);
  };

  const reindex = (payload: unknown, headers: Record<string, string> = test.adminHeaders) =>
    test.app.inject({
      method: "POST",
      url: "/api/v2/data-ingestion/reindex",
      payload: payload as object,
      headers,
    });

  const token = (scopes: string[], experienceIds: string[] | null) =>
    test.app.nexus.tokens
      .signAccessToken({ clientId: "c", scopes: scopes as never, experienceIds })
      .then((signed) => ({ authorization: `Bearer ${signed}` }));

  beforeEach(async () => {
    test = await startTestApp();
    await test.createExperience({ id: "kb", name: "KB" });
    await test.createExperience({ id: "other", name: "Other" });
    const accepted = await test.app.inject({
      method: "POST",
      url: "/api/v2/data-ingestion/jobs",
      headers: test.adminHeaders,
      payload: {
        experienceId: "kb",
        documents: [
          {
            externalId: "refunds.md",
            content: "# Refunds\n\nA refund reaches your card within five working days.",
          },
          {
            externalId: "shipping.md",
            content: "# Shipping\n\nParcels to Europe travel by courier in three days.",
          },
        ],
      },
    });
    await waitForJob(test.app, accepted.json<IngestionJob>().jobId);
    const documents = await test.app.nexus.store.knowledge.listDocuments("kb");
    refundsId = documents.find((document) => document.externalId === "refunds.md")!.id;
    shippingId = documents.find((document) => document.externalId === "shipping.md")!.id;
  });
  afterEach(() => test.close());

  it("builds the whole knowledge base's index again, and the lost passages are found again", async () => {
    expect(await search("refund card")).not.toEqual([]);
    await loseIndex();
    expect(await search("refund card")).toEqual([]);
    const accepted = await reindex({ experienceId: "kb" });
    expect(accepted.statusCode).toBe(202);
    const jobId = accepted.json<IngestionJob>().jobId;
    expect(accepted.headers.location).toBe(`/api/v2/data-ingestion/jobs/${jobId}`);
    expect(await waitForJob(test.app, jobId)).toMatchObject({
      status: "completed",
      total: 2,
      processed: 2,
      failed: 0,
      passages: 2,
    });
    expect(await search("refund card")).not.toEqual([]);
    expect(await search("parcels europe")).not.toEqual([]);
  });

  it("re-indexes one document only", async () => {
    await loseIndex();
    const accepted = await reindex({ experienceId: "kb", documentId: refundsId });
    expect(await waitForJob(test.app, accepted.json<IngestionJob>().jobId)).toMatchObject({
      status: "completed",
      total: 1,
      passages: 1,
    });
    expect(await search("refund card")).not.toEqual([]);
    expect(await search("parcels europe")).toEqual([]);
    // Twice is harmless: the old entries are replaced, not doubled.
    const again = await reindex({ experienceId: "kb", documentId: refundsId });
    await waitForJob(test.app, again.json<IngestionJob>().jobId);
    expect(await search("refund card")).toHaveLength(1);
  });

  it("needs the data-ingestion:write scope AND the experience", async () => {
    expect((await reindex({ experienceId: "kb" }, {})).statusCode).toBe(401);
    const reader = await token(["data-ingestion:read"], null);
    expect((await reindex({ experienceId: "kb" }, reader)).json()).toMatchObject({
      statusCode: 403,
      code: "FORBIDDEN",
    });
    const otherWriter = await token(["data-ingestion:write"], ["other"]);
    expect((await reindex({ experienceId: "kb" }, otherWriter)).statusCode).toBe(403);
    expect((await reindex({ experienceId: "other" }, otherWriter)).statusCode).toBe(202);
    const writer = await token(["data-ingestion:write"], ["kb"]);
    const accepted = await reindex({ experienceId: "kb", documentId: shippingId }, writer);
    expect(accepted.statusCode).toBe(202);
    await waitForJob(test.app, accepted.json<IngestionJob>().jobId);
  });

  it("refuses unknown experiences and documents, and documents of another experience", async () => {
    expect((await reindex({ experienceId: "nope" })).json()).toMatchObject({
      code: "EXPERIENCE_NOT_FOUND",
    });
    expect(
      (await reindex({ experienceId: "kb", documentId: "00000000-0000-4000-8000-000000000000" }))
        .statusCode,
    ).toBe(404);
    expect((await reindex({ experienceId: "other", documentId: refundsId })).statusCode).toBe(404);
    expect((await reindex({ experienceId: "kb", documentId: "not-a-uuid" })).statusCode).toBe(400);
  });

  it("is an admin's console action: an agent is refused, an admin re-indexes", async () => {
    const agent = await signInOperator(test.app, "agent@example.com", "agent");
    const admin = await signInOperator(test.app, "admin@example.com", "admin");
    expect((await agent.request("POST", "/assistants/kb/reindex")).statusCode).toBe(403);
    expect(
      (await agent.request("POST", `/assistants/kb/documents/${refundsId}/reindex`)).statusCode,
    ).toBe(403);
    // A state-changing console call without its CSRF token is refused too.
    expect(
      (await admin.request("POST", "/assistants/kb/reindex", undefined, { "x-csrf-token": "" }))
        .statusCode,
    ).toBe(403);
    await loseIndex();
    const whole = await admin.request("POST", "/assistants/kb/reindex");
    expect(whole.statusCode).toBe(202);
    expect(await waitForJob(test.app, whole.json<IngestionJob>().jobId)).toMatchObject({
      status: "completed",
      processed: 2,
    });
    expect(await search("parcels europe")).not.toEqual([]);
    const one = await admin.request("POST", `/assistants/kb/documents/${refundsId}/reindex`);
    expect(one.statusCode).toBe(202);
    expect(
      (await admin.request("POST", `/assistants/other/documents/${refundsId}/reindex`)).statusCode,
    ).toBe(404);
    await waitForJob(test.app, one.json<IngestionJob>().jobId);
  });
});
