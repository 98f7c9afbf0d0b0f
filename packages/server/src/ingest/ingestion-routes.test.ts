import { fileURLToPath } from "node:url";
import type { IngestionJob } from "@nexus-chat/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, waitForJob, type TestApp } from "../../test/support/test-app.js";
import { findUnsafeLinks } from "./drop-unsafe-links.js";
import { LinkPolicy } from "./link-policy.js";
import { readDocumentFiles } from "./read-document-files.js";

const folder = fileURLToPath(new URL("../../test/fixtures/ingest-folder/", import.meta.url));

function multipartBody(
  boundary: string,
  fields: Record<string, string>,
  files: Array<{ name: string; content: string }>,
) {
  let body = "";
  for (const [name, value] of Object.entries(fields)) {
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  for (const file of files) {
    body += `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n${file.content}\r\n`;
  }
  return `${body}--${boundary}--\r\n`;
}

describe("/data-ingestion/jobs", () => {
  let test: TestApp;

  beforeEach(async () => {
    test = await startTestApp();
    await test.createExperience({ id: "kb", name: "KB" });
  });
  afterEach(() => test.close());

  const submit = (payload: unknown, headers: Record<string, string> = test.adminHeaders) =>
    test.app.inject({
      method: "POST",
      url: "/api/v2/data-ingestion/jobs",
      payload: payload as object,
      headers,
    });

  it("imports a folder of markdown, HTML and text to completion, then skips it all as duplicates", async () => {
    const documents = await readDocumentFiles([folder], { baseDirectory: folder });
    expect(documents.map((document) => document.format).sort()).toEqual([
      "html",
      "markdown",
      "markdown",
      "markdown",
      "text",
    ]);
    const accepted = await submit({ experienceId: "kb", documents });
    expect(accepted.statusCode).toBe(202);
    const queued = accepted.json<IngestionJob>();
    expect(queued).toMatchObject({ experienceId: "kb", status: "queued", total: 5, processed: 0 });
    const done = (await waitForJob(test.app, queued.jobId)) as unknown as IngestionJob;
    expect(done).toMatchObject({
      status: "completed",
      total: 5,
      processed: 5,
      created: 5,
      duplicates: 0,
      failed: 0,
    });
    expect(done.passages).toBeGreaterThanOrEqual(5);
    expect(done.finishedAt).not.toBeNull();
    const passages = await test.app.nexus.store.knowledge.countPassages("kb");
    expect(passages).toBe(done.passages);

    const again = (await waitForJob(
      test.app,
      (await submit({ experienceId: "kb", documents })).json<IngestionJob>().jobId,
    )) as unknown as IngestionJob;
    expect(again).toMatchObject({ status: "completed", created: 0, duplicates: 5, passages: 0 });
    expect(await test.app.nexus.store.knowledge.countPassages("kb")).toBe(passages);
    expect(await test.app.nexus.store.knowledge.countDocuments("kb")).toBe(5);
  });

  it("drops scripts and styles from HTML and keeps its links", async () => {
    const documents = await readDocumentFiles([folder], { baseDirectory: folder });
    await test.app.nexus.ingestion.ingest("kb", documents);
    const passages = await test.app.nexus.store.db.selectFrom("passages").select("body").execute();
    const text = passages.map((passage) => passage.body).join("\n");
    expect(text).not.toMatch(/<script|<style|font-family/);
    expect(text).toContain("Thursday");
  });

  it("stores no link, image or action URL outside the allowed schemes, and keeps .txt as text", async () => {
    const hostile = [
      "---",
      "url: javascript:alert(1)",
      "actions:",
      "  - id: bad",
      "    label: Bad",
      "    action: { type: open_url, url: 'javascript:alert(1)' }",
      "  - id: good",
      "    label: Good",
      "    action: { type: open_url, url: 'https://example.com/ok' }",
      "---",
      "# Refunds",
      "",
      "Refunds take [five days](javascript:alert(1)) ![tracker](data:image/png;base64,AAAA).",
      "[Take the tour](tour:id=1) or [open the app](unknown-app:open).",
      '<a href="vbscript:msgbox(1)">legacy</a>',
    ].join("\n");
    const response = await submit({
      experienceId: "kb",
      documents: [
        { content: hostile, externalId: "refunds.md" },
        {
          content: "<h1>Page</h1><p><a href='javascript:alert(1)'>open</a></p>",
          format: "html",
          url: "data:text/html,<script>alert(1)</script>",
          externalId: "page.html",
        },
        {
          content: "# not a heading\n<b>bold</b> [x](javascript:alert(1)) *stars*",
          format: "text",
          externalId: "notes.txt",
        },
      ],
    });
    const job = (await waitForJob(
      test.app,
      response.json<IngestionJob>().jobId,
    )) as unknown as IngestionJob;
    expect(job).toMatchObject({ status: "completed", created: 3 });
    const { db } = test.app.nexus.store;
    const documents = await db
      .selectFrom("documents")
      .select(["url", "actions", "external_id"])
      .execute();
    const passages = await db.selectFrom("passages").select("body").execute();
    const body = passages.map((passage) => passage.body).join("\n");
    // Nothing a renderer would turn into a link or image is left with a refused scheme.
    expect(findUnsafeLinks(body, new LinkPolicy(["tour"]))).toEqual([]);
    const markup = passages.filter((passage) => !passage.body.startsWith("\\#"));
    expect(JSON.stringify({ documents, markup })).not.toMatch(
      /javascript|vbscript|data:|unknown-app/i,
    );
    expect(body).toContain("Refunds take five days tracker.");
    // Configured custom protocols stay links.
    expect(body).toContain("[Take the tour](tour:id=1)");
    expect(body).toContain("or open the app.");
    const refunds = documents.find((document) => document.external_id === "refunds.md");
    expect(refunds?.url).toBeNull();
    expect(JSON.parse(refunds?.actions ?? "null")).toMatchObject({
      actions: [{ id: "good", action: { url: "https://example.com/ok" } }],
    });
    // Plain text shows as written: its markup is escaped, so it renders as text.
    expect(body).toContain("\\# not a heading\n\\<b\\>bold\\</b\\> \\[x\\](javascript");
  });

  it("replaces a changed document with the same external id, and de-duplicates identical content without one", async () => {
    await test.app.nexus.ingestion.ingest("kb", [
      { content: "# A\n\nfirst version", externalId: "a.md" },
    ]);
    const changed = await test.app.nexus.ingestion.ingest("kb", [
      { content: "# A\n\nsecond version", externalId: "a.md" },
    ]);
    expect(changed).toMatchObject({ created: 1, duplicates: 0 });
    const bodies = (
      await test.app.nexus.store.db.selectFrom("passages").select("body").execute()
    ).map((row) => row.body);
    expect(bodies).toEqual(["second version"]);
    const first = await test.app.nexus.ingestion.ingest("kb", [
      { content: "plain note", format: "text" },
    ]);
    const second = await test.app.nexus.ingestion.ingest("kb", [
      { content: "plain note", format: "text" },
    ]);
    expect([first.created, second.duplicates]).toEqual([1, 1]);
  });

  it("records documents it cannot use without failing the job", async () => {
    const job = await test.app.nexus.ingestion.ingest("kb", [
      { content: "---\nactions: [{ nonsense: true }]\n---\n# Bad actions", externalId: "bad.md" },
      { content: "---js\n{ title: require('fs') }\n---\n# Code", externalId: "code.md" },
      { content: "# Good\n\nFine.", externalId: "good.md" },
    ]);
    expect(job).toMatchObject({ status: "completed", created: 1, failed: 2 });
    expect(job.errors.map((error) => error.document)).toEqual(["bad.md", "code.md"]);
  });

  it("accepts multipart uploads", async () => {
    const boundary = "----nexus-test";
    const response = await test.app.inject({
      method: "POST",
      url: "/api/v2/data-ingestion/jobs",
      headers: {
        ...test.adminHeaders,
        "content-type": `multipart/form-data; boundary=${boundary}`,
      },
      payload: multipartBody(boundary, { experienceId: "kb" }, [
        { name: "hours.md", content: "# Hours\n\nOpen at nine." },
        { name: "notes.txt", content: "Plain notes." },
      ]),
    });
    expect(response.statusCode).toBe(202);
    const job = (await waitForJob(
      test.app,
      response.json<IngestionJob>().jobId,
    )) as unknown as IngestionJob;
    expect(job).toMatchObject({ status: "completed", total: 2, created: 2 });

    const unsupported = await test.app.inject({
      method: "POST",
      url: "/api/v2/data-ingestion/jobs",
      headers: {
        ...test.adminHeaders,
        "content-type": `multipart/form-data; boundary=${boundary}`,
      },
      payload: multipartBody(boundary, { experienceId: "kb" }, [
        { name: "photo.png", content: "PNG" },
      ]),
    });
    expect(unsupported.json()).toMatchObject({ statusCode: 415, code: "UNSUPPORTED_MEDIA_TYPE" });
    const noExperience = await test.app.inject({
      method: "POST",
      url: "/api/v2/data-ingestion/jobs",
      headers: {
        ...test.adminHeaders,
        "content-type": `multipart/form-data; boundary=${boundary}`,
      },
      payload: multipartBody(boundary, {}, [{ name: "a.md", content: "# A" }]),
    });
    expect(noExperience.json()).toMatchObject({ statusCode: 400, code: "VALIDATION_FAILED" });
  });

  it("refuses bad requests", async () => {
    const document = { content: "# A" };
    expect((await submit({ experienceId: "kb", documents: [document] }, {})).json()).toMatchObject({
      statusCode: 401,
    });
    const reader = await test.app.nexus.tokens.signAccessToken({
      clientId: "c",
      scopes: ["data-ingestion:read"],
      experienceIds: null,
    });
    const forbidden = await submit(
      { experienceId: "kb", documents: [document] },
      { authorization: `Bearer ${reader}` },
    );
    expect(forbidden.json()).toMatchObject({ statusCode: 403, code: "FORBIDDEN" });
    const writer = await test.app.nexus.tokens.signAccessToken({
      clientId: "c",
      scopes: ["data-ingestion:write"],
      experienceIds: null,
    });
    expect(
      (
        await submit(
          { experienceId: "kb", documents: [document] },
          { authorization: `Bearer ${writer}` },
        )
      ).statusCode,
    ).toBe(202);
    expect((await submit({ experienceId: "nope", documents: [document] })).json()).toMatchObject({
      code: "EXPERIENCE_NOT_FOUND",
    });
    expect((await submit({ experienceId: "kb", documents: [] })).statusCode).toBe(400);
    expect((await submit({ experienceId: "kb", documents: [{ content: "" }] })).statusCode).toBe(
      400,
    );
    expect(
      (await submit({ experienceId: "kb", documents: [{ content: "x", format: "pdf" }] }))
        .statusCode,
    ).toBe(400);
    const malformed = await test.app.inject({
      method: "POST",
      url: "/api/v2/data-ingestion/jobs",
      headers: { ...test.adminHeaders, "content-type": "application/json" },
      payload: "[",
    });
    expect(malformed.json()).toMatchObject({ code: "MALFORMED_JSON" });
    const missing = await test.app.inject({
      method: "GET",
      url: "/api/v2/data-ingestion/jobs/8a1f0c2e-0000-4000-8000-000000000000",
      headers: test.adminHeaders,
    });
    expect(missing.json()).toMatchObject({ statusCode: 404, code: "JOB_NOT_FOUND" });
    const badId = await test.app.inject({
      method: "GET",
      url: "/api/v2/data-ingestion/jobs/42",
      headers: test.adminHeaders,
    });
    expect(badId.json()).toMatchObject({ statusCode: 400, code: "VALIDATION_FAILED" });
    const anonymous = await test.app.inject({
      method: "GET",
      url: "/api/v2/data-ingestion/jobs/8a1f0c2e-0000-4000-8000-000000000000",
    });
    expect(anonymous.json()).toMatchObject({ statusCode: 401, code: "UNAUTHORIZED" });
  });

  it("limits the ingestion group", async () => {
    const limited = await startTestApp({ rateLimits: { ingestion: 1 } });
    try {
      const url = "/api/v2/data-ingestion/jobs/8a1f0c2e-0000-4000-8000-000000000000";
      await limited.app.inject({ method: "GET", url, headers: limited.adminHeaders });
      const response = await limited.app.inject({
        method: "GET",
        url,
        headers: limited.adminHeaders,
      });
      expect(response.json()).toMatchObject({ statusCode: 429, code: "RATE_LIMITED" });
    } finally {
      await limited.close();
    }
  });
});
