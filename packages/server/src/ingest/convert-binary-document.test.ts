import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { IngestionJob } from "@nexus-chat/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signInOperator } from "../../test/support/console-sessions.js";
import { makeDocx, makePdf } from "../../test/support/document-fixtures.js";
import { startTestApp, waitForJob, type TestApp } from "../../test/support/test-app.js";
import { convertBinaryDocument } from "./convert-binary-document.js";
import { prepareDocument } from "./prepare-document.js";
import { readDocumentFiles } from "./read-document-files.js";

/** What a document reads as once imported: its title and its passages' markdown. */
async function imported(data: Uint8Array, name: string, format: "pdf" | "docx") {
  const prepared = prepareDocument(await convertBinaryDocument(data, name, format), name);
  return {
    title: prepared.title,
    markdown: prepared.passages
      .map((passage) => (passage.heading ? `## ${passage.heading}\n${passage.body}` : passage.body))
      .join("\n"),
  };
}

/** A multipart body with binary files. */
function multipart(
  boundary: string,
  fields: Record<string, string>,
  files: Record<string, Buffer>,
) {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  for (const [name, content] of Object.entries(files)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\n` +
          "Content-Type: application/octet-stream\r\n\r\n",
      ),
      content,
      Buffer.from("\r\n"),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

const handbook = [
  [
    { text: "Returns policy", size: 20 },
    "",
    "Items can be returned within 30 days of delivery.",
    "The refund reaches the card used to pay within five working days.",
    "",
    "Opened software cannot be returned.",
  ],
  [{ text: "Shipping", size: 20 }, "", "Orders leave the warehouse the next working day."],
];

describe("PDF and DOCX documents", () => {
  it("reads a PDF's paragraphs and its larger-type lines as headings, titled by its metadata", async () => {
    const { title, markdown } = await imported(
      makePdf(handbook, { title: "Store handbook" }),
      "handbook.pdf",
      "pdf",
    );
    expect(title).toBe("Store handbook");
    expect(markdown).toBe(
      "## Returns policy\n" +
        "Items can be returned within 30 days of delivery. The refund reaches the card used to pay within five working days.\n\n" +
        "Opened software cannot be returned.\n" +
        "## Shipping\nOrders leave the warehouse the next working day.",
    );
  });

  it("reads a DOCX with its headings, titled by its first one, and shows markup as text", async () => {
    const docx = await makeDocx([
      { text: "Warranty", heading: 1 },
      { text: "Every device is covered for two years." },
      { text: "Claims", heading: 2 },
      { text: 'Write to <b onclick="alert(1)">support</b> & keep the receipt.' },
    ]);
    const { title, markdown } = await imported(docx, "warranty.docx", "docx");
    expect(title).toBe("Warranty");
    expect(markdown).toContain("## Warranty\nEvery device is covered for two years.");
    expect(markdown).toContain("## Claims\n");
    expect(markdown).toContain('Write to <b onclick="alert(1)">support</b> & keep the receipt.');
  });

  it("titles a file without a title by its name", async () => {
    const document = await convertBinaryDocument(
      makePdf([["Just a line of text."]]),
      "guides/setup-notes.pdf",
      "pdf",
    );
    expect(document).toMatchObject({ title: "setup-notes", externalId: "guides/setup-notes.pdf" });
  });

  it("refuses an encrypted, a damaged, an empty and a mislabelled file with 422, naming it", async () => {
    const refusals = [
      [
        makePdf([["Secret"]], { encrypted: true }),
        "secret.pdf",
        "pdf",
        /"secret.pdf" is protected by a password/,
      ],
      [makePdf([["Cut"]]).subarray(0, 60), "cut.pdf", "pdf", /"cut.pdf" is not a readable PDF/],
      [makePdf([[""]]), "scan.pdf", "pdf", /"scan.pdf" has no text/],
      [
        Buffer.from("not a zip at all"),
        "notes.docx",
        "docx",
        /"notes.docx" is not a readable DOCX/,
      ],
    ] as const;
    for (const [data, name, format, message] of refusals) {
      await expect(convertBinaryDocument(data, name, format)).rejects.toMatchObject({
        code: "DOCUMENT_UNREADABLE",
        message: expect.stringMatching(message),
      });
    }
  });

  it("refuses a PDF over the page limit with 413", async () => {
    const pages = Array.from({ length: 6 }, (_, index) => [`Page ${index + 1}`]);
    await expect(
      convertBinaryDocument(makePdf(pages), "long.pdf", "pdf", { maxPages: 5 }),
    ).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringMatching(/6 pages/),
    });
  });

  it("never runs a document's script", async () => {
    const marker = "__nexusPdfScriptRan";
    const pdf = makePdf([["A page with an opening action."]], {
      withScript: `globalThis.${marker} = true; app.alert(1);`,
    });
    const { markdown } = await imported(pdf, "script.pdf", "pdf");
    expect(markdown).toBe("A page with an opening action.");
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
  });

  it("reads on a thread of its own: a 400-page PDF leaves the event loop free", async () => {
    const page = Array.from(
      { length: 40 },
      (_, line) => `Line ${line} of a long manual about returns.`,
    );
    const pdf = makePdf(Array.from({ length: 400 }, () => page));
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const startedAt = performance.now();
    const document = await convertBinaryDocument(pdf, "manual.pdf", "pdf");
    const elapsed = performance.now() - startedAt;
    delay.disable();
    expect(document.content.length).toBeGreaterThan(400 * 40 * 30);
    // The conversion itself takes far longer than the worst pause it causes here.
    expect(delay.max / 1e6).toBeLessThan(Math.max(100, elapsed / 4));
  });
});

describe("PDF and DOCX through the ingestion paths", () => {
  let test: TestApp;
  let folder: string | undefined;

  beforeEach(async () => {
    test = await startTestApp();
    await test.createExperience({ id: "kb", name: "KB" });
  });
  afterEach(async () => {
    await test.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const upload = (
    url: string,
    files: Record<string, Buffer>,
    fields: Record<string, string> = {},
  ) =>
    test.app.inject({
      method: "POST",
      url,
      headers: {
        ...test.adminHeaders,
        "content-type": "multipart/form-data; boundary=documents",
      },
      payload: multipart("documents", fields, files),
    });

  it("imports an uploaded PDF and DOCX, then answers from them", async () => {
    const response = await upload(
      "/api/v2/data-ingestion/jobs",
      {
        "handbook.pdf": makePdf(handbook, { title: "Store handbook" }),
        "warranty.docx": await makeDocx([
          { text: "Warranty", heading: 1 },
          { text: "Every device is covered for two years from the day of purchase." },
        ]),
      },
      { experienceId: "kb" },
    );
    expect(response.statusCode).toBe(202);
    const job = (await waitForJob(
      test.app,
      response.json<IngestionJob>().jobId,
    )) as unknown as IngestionJob;
    expect(job).toMatchObject({ status: "completed", created: 2, failed: 0 });
    const answer = await test.app.inject({
      method: "POST",
      url: "/api/v2/query",
      payload: { experienceId: "kb", text: "How long is a device covered by the warranty?" },
    });
    expect(answer.json<{ answer: string }>().answer).toMatch(/two years/);
  });

  it("refuses an upload holding an encrypted PDF with 422 and imports none of it", async () => {
    const response = await upload(
      "/api/v2/data-ingestion/jobs",
      {
        "notes.md": Buffer.from("# Notes\n\nSomething to keep."),
        "secret.pdf": makePdf([["Secret"]], { encrypted: true }),
      },
      { experienceId: "kb" },
    );
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      code: "DOCUMENT_UNREADABLE",
      message: '"secret.pdf" is protected by a password.',
    });
    expect(await test.app.nexus.store.knowledge.countDocuments("kb")).toBe(0);
  });

  it("takes a DOCX through the console's upload, and refuses a damaged PDF there with 422", async () => {
    const admin = await signInOperator(test.app, "admin@example.com", "admin");
    const send = (files: Record<string, Buffer>) =>
      test.app.inject({
        method: "POST",
        url: "/api/v2/console/assistants/kb/documents",
        payload: multipart("documents", {}, files),
        headers: {
          cookie: admin.cookie,
          "x-csrf-token": admin.csrfToken,
          "content-type": "multipart/form-data; boundary=documents",
        },
      });
    const accepted = await send({
      "warranty.docx": await makeDocx([
        { text: "Warranty", heading: 1 },
        { text: "Two years on every device." },
      ]),
    });
    expect(accepted.statusCode).toBe(202);
    const job = (await waitForJob(
      test.app,
      accepted.json<IngestionJob>().jobId,
    )) as unknown as IngestionJob;
    expect(job).toMatchObject({ status: "completed", created: 1 });
    const refused = await send({ "broken.pdf": Buffer.from("%PDF-1.7\n1 0 obj\n<<") });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: "DOCUMENT_UNREADABLE" });
  });

  it("reads PDF and DOCX files from a folder for the CLI", async () => {
    folder = await mkdtemp(join(tmpdir(), "nexus-documents-"));
    await writeFile(join(folder, "handbook.pdf"), makePdf(handbook));
    await writeFile(
      join(folder, "warranty.docx"),
      await makeDocx([{ text: "Two years.", heading: 1 }]),
    );
    await writeFile(join(folder, "picture.png"), Buffer.from([0x89, 0x50]));
    const documents = await readDocumentFiles([folder], { baseDirectory: folder });
    expect(
      documents.map((document) => [document.externalId, document.format, document.title]),
    ).toEqual([
      ["handbook.pdf", "html", "handbook"],
      ["warranty.docx", "html", "Two years."],
    ]);
  });
});
