import { errorCatalogue, type ErrorCode } from "@nexus-chat/protocol";
import fc from "fast-check";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";
import { dropUnsafeLinks, findUnsafeLinks } from "../ingest/drop-unsafe-links.js";
import { escapeMarkdown } from "../ingest/escape-markdown.js";
import { LinkPolicy } from "../ingest/link-policy.js";
import { prepareDocument } from "../ingest/prepare-document.js";

/**
 * Property-based attacks on everything that parses untrusted input (issue 16): JSON bodies of
 * every write route, JSON nesting, multipart uploads, the /query schema over SSE, and markdown
 * ingestion. Runs are bounded so the suite stays fast; `FUZZ_RUNS=2000` runs longer, and a
 * failure prints the seed that replays it (`FUZZ_SEED`).
 */
const numRuns = Number(process.env.FUZZ_RUNS ?? 40);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const settings = { numRuns, ...(seed === undefined ? {} : { seed }) };

/** Every answer is a success or a catalogued client error with the catalogue's status, never a 5xx. */
function expectContractKept(response: LightMyRequestResponse, what: string): void {
  expect(response.statusCode, `${what}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
  if (response.statusCode < 400) return;
  const envelope = JSON.parse(response.body) as { statusCode: number; code: ErrorCode };
  expect(Object.keys(errorCatalogue), what).toContain(envelope.code);
  expect(envelope.statusCode, what).toBe(response.statusCode);
  expect(errorCatalogue[envelope.code].status, what).toBe(response.statusCode);
}

/** JSON values of any shape, with the strings that tend to break parsers and validators. */
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom(
    "",
    "\u0000",
    "\ud800",
    "__proto__",
    "constructor",
    "a".repeat(5000),
    "00000000-0000-4000-8000-000000000000",
    "demo",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '"title" NEAR body',
  ),
);
const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    nastyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(
      fc.oneof(nastyString, fc.constantFrom("experienceId", "text", "sessionId")),
      tie("value"),
      {
        maxKeys: 6,
      },
    ),
  ),
})).value;

/** Bodies close to valid: the real field names, with values of any kind. */
function nearlyValid(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  return fc.record(
    Object.fromEntries(
      Object.entries(fields).map(([name, arbitrary]) => [name, fc.oneof(arbitrary, anyJson)]),
    ),
    { requiredKeys: [] },
  );
}

describe("fuzzing the request parsers", { timeout: 240_000 }, () => {
  let test: TestApp;
  let sessionId: string;

  beforeAll(async () => {
    test = await startTestApp();
    await test.createExperience({ id: "demo", name: "Demo" });
    const session = await test.app.inject({
      method: "POST",
      url: "/api/v2/sessions",
      payload: { experienceId: "demo" },
    });
    sessionId = session.json<{ sessionId: string }>().sessionId;
    await test.app.nexus.ingestion.ingest("demo", [
      { content: "# Opening hours\n\nWe open at nine and close at five." },
    ]);
  }, 60_000);
  afterAll(() => test.close());

  const jsonRoutes: Array<{ method: "POST" | "PATCH"; url: () => string; admin?: boolean }> = [
    { method: "POST", url: () => "/api/v2/query" },
    { method: "POST", url: () => "/api/v2/query/feedback" },
    { method: "POST", url: () => "/api/v2/analytics/link-clicks" },
    { method: "POST", url: () => "/api/v2/analytics/events" },
    { method: "POST", url: () => "/api/v2/sessions" },
    { method: "PATCH", url: () => `/api/v2/sessions/${sessionId}` },
    { method: "POST", url: () => `/api/v2/sessions/${sessionId}/handover` },
    { method: "POST", url: () => "/api/v2/auth/access-tokens" },
    { method: "POST", url: () => "/api/v2/auth/refresh" },
    { method: "POST", url: () => "/api/v2/data-ingestion/jobs", admin: true },
    { method: "POST", url: () => "/api/v2/admin/experiences", admin: true },
    { method: "PATCH", url: () => "/api/v2/admin/experiences/demo", admin: true },
    { method: "POST", url: () => "/api/v2/admin/api-clients", admin: true },
  ];

  it("answers any JSON body on every write route with a success or a catalogued 4xx", async () => {
    for (const route of jsonRoutes) {
      await fc.assert(
        fc.asyncProperty(anyJson, async (body) => {
          const response = await test.app.inject({
            method: route.method,
            url: route.url(),
            headers: {
              "content-type": "application/json",
              ...(route.admin ? test.adminHeaders : {}),
            },
            payload: JSON.stringify(body),
          });
          expectContractKept(response, `${route.method} ${route.url()}`);
        }),
        settings,
      );
    }
  });

  it("answers any bytes sent as JSON with a catalogued 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.uint8Array({ maxLength: 200 })),
        fc.constantFrom("/api/v2/query", "/api/v2/sessions", "/api/v2/analytics/events"),
        async (bytes, url) => {
          const response = await test.app.inject({
            method: "POST",
            url,
            headers: { "content-type": "application/json" },
            payload: typeof bytes === "string" ? bytes : Buffer.from(bytes),
          });
          expectContractKept(response, url);
        },
      ),
      settings,
    );
  });

  it("refuses JSON nested deeper than the limit with VALIDATION_FAILED, and never runs /query for it", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3000 }),
        fc.constantFrom("[", '{"a":'),
        async (depth, opener) => {
          const closer = opener === "[" ? "]" : "}";
          const body = `{"experienceId":"demo","text":${opener.repeat(depth)}1${closer.repeat(depth)}}`;
          const response = await test.app.inject({
            method: "POST",
            url: "/api/v2/query",
            headers: { "content-type": "application/json" },
            payload: body,
          });
          expectContractKept(response, `depth ${depth}`);
          if (depth > 64) expect(response.json()).toMatchObject({ code: "VALIDATION_FAILED" });
        },
      ),
      settings,
    );
  });

  it("keeps the contract for the /query schema over SSE: an answer or an error frame, or a 4xx", async () => {
    const queryBody = nearlyValid({
      text: fc.string({ minLength: 1, maxLength: 300 }),
      experienceId: fc.constantFrom("demo", "missing", "DEMO", "demo\u0000"),
      sessionId: fc.oneof(fc.uuid(), fc.constant(sessionId)),
      userId: nastyString,
      metadata: fc.dictionary(fc.string(), anyJson, { maxKeys: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(queryBody, async (body) => {
        const response = await test.app.inject({
          method: "POST",
          url: "/api/v2/query",
          headers: { accept: "text/event-stream", "content-type": "application/json" },
          payload: JSON.stringify(body),
        });
        if (response.statusCode !== 200) return expectContractKept(response, "query");
        const frames = response.body
          .split("\n\n")
          .filter((frame) => frame.startsWith("id:") || frame.startsWith("event:"));
        const last = frames.at(-1) ?? "";
        expect(last, response.body.slice(-300)).toMatch(/event: (query-end|error)/);
      }),
      settings,
    );
  });

  it("answers any multipart upload with a job or a catalogued 4xx", async () => {
    const part = fc.record({
      name: fc.oneof(
        fc.constantFrom("a.md", "b.txt", "c.html", "d.png", "../../etc/passwd", ""),
        fc.string(),
      ),
      content: fc.oneof(fc.string(), fc.constant("# T\n\n[x](javascript:alert(1))")),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(part, { maxLength: 4 }),
        fc.oneof(fc.constant("demo"), nastyString),
        fc.boolean(),
        async (files, experienceId, breakFraming) => {
          const boundary = "----fuzz";
          let body = `--${boundary}\r\nContent-Disposition: form-data; name="experienceId"\r\n\r\n${experienceId}\r\n`;
          for (const file of files) {
            body += `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n${file.content}\r\n`;
          }
          body += breakFraming ? `--${boundary}` : `--${boundary}--\r\n`;
          const options: InjectOptions = {
            method: "POST",
            url: "/api/v2/data-ingestion/jobs",
            headers: {
              ...test.adminHeaders,
              "content-type": `multipart/form-data; boundary=${boundary}`,
            },
            payload: body,
          };
          expectContractKept(await test.app.inject(options), "multipart");
        },
      ),
      settings,
    );
  });

  it("never stores a refused link from any markdown, and never fails on it but for an empty document", () => {
    const scheme = fc.constantFrom(
      "javascript:",
      "JaVaScRiPt:",
      "java\tscript:",
      "javascript&#58;",
      "data:",
      "vbscript:",
      "https:",
      "tour:",
      "other:",
      "",
    );
    const piece = fc.oneof(
      fc.string(),
      fc
        .tuple(fc.string({ maxLength: 8 }), scheme, fc.string({ maxLength: 8 }))
        .map(([text, protocol, rest]) => `[${text}](${protocol}${rest})`),
      fc
        .tuple(scheme, fc.string({ maxLength: 8 }))
        .map(([protocol, rest]) => `![i](${protocol}${rest})`),
      fc
        .tuple(scheme, fc.string({ maxLength: 8 }))
        .map(([protocol, rest]) => `<${protocol}${rest}>`),
      fc
        .tuple(scheme, fc.string({ maxLength: 8 }))
        .map(([protocol, rest]) => `[r]: ${protocol}${rest}`),
      fc
        .tuple(scheme, fc.string({ maxLength: 8 }))
        .map(([protocol, rest]) => `<a href="${protocol}${rest}">x</a>`),
      fc.constantFrom(
        "\n",
        "\n\n",
        "> ",
        "- ",
        "1. ",
        "| a | b |\n| - | - |\n| ",
        "```\n",
        "# ",
        "**",
        "_",
        "[",
        "]",
        "(",
        ")",
      ),
    );
    const policy = new LinkPolicy(["tour"]);
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join("")),
        (markdown) => {
          expect(findUnsafeLinks(dropUnsafeLinks(markdown, policy), policy)).toEqual([]);
          expect(findUnsafeLinks(escapeMarkdown(markdown), new LinkPolicy())).toEqual([]);
          for (const format of ["markdown", "html", "text"] as const) {
            try {
              const prepared = prepareDocument({ content: markdown, format }, "fuzz", policy);
              const stored = prepared.passages.map((passage) => passage.body).join("\n\n");
              if (format !== "text") expect(findUnsafeLinks(stored, policy)).toEqual([]);
            } catch (error) {
              expect((error as Error).message).toMatch(/no text|front matter/);
            }
          }
        },
      ),
      { ...settings, numRuns: numRuns * 10 },
    );
  });
});
