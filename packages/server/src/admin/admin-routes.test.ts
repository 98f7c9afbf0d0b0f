import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type {
  Experience,
  ExperiencePublicConfig,
  QueryResponse,
  SessionWithTurns,
} from "@nexus-chat/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";

describe("admin routes", () => {
  let test: TestApp;

  beforeEach(async () => {
    test = await startTestApp();
  });
  afterEach(() => test.close());

  const admin = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    payload?: unknown,
    headers = test.adminHeaders,
  ) => test.app.inject({ method, url: `/api/v2/admin${url}`, payload: payload as object, headers });

  it("creates, lists, shows, updates and deletes experiences", async () => {
    const created = await admin("POST", "/experiences", {
      id: "shop",
      name: "Shop",
      widget: { messages: { welcomeMessage: "Hello!" } },
      allowedOrigins: ["https://shop.example"],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json<Experience>()).toMatchObject({
      id: "shop",
      engine: "retrieval",
      requireAuth: false,
      handoverWebhookUrl: null,
    });
    const generated = await admin("POST", "/experiences", { name: "Support Desk" });
    expect(generated.json<Experience>().id).toMatch(/^support-desk-[0-9a-f]{8}$/);
    expect(
      (await admin("GET", "/experiences")).json<Experience[]>().map((experience) => experience.id),
    ).toContain("shop");
    const patched = await admin("PATCH", "/experiences/shop", {
      name: "Shop 2",
      requireAuth: true,
    });
    expect(patched.json<Experience>()).toMatchObject({
      name: "Shop 2",
      requireAuth: true,
      allowedOrigins: ["https://shop.example"],
    });
    expect((await admin("GET", "/experiences/shop")).json<Experience>().name).toBe("Shop 2");
    expect((await admin("DELETE", "/experiences/shop")).statusCode).toBe(204);
    expect((await admin("GET", "/experiences/shop")).json()).toMatchObject({
      statusCode: 404,
      code: "EXPERIENCE_NOT_FOUND",
    });
    expect((await admin("DELETE", "/experiences/shop")).statusCode).toBe(404);
    expect((await admin("PATCH", "/experiences/shop", { name: "x" })).statusCode).toBe(404);
  });

  it("never shows engine secrets again, and merges engine options on update", async () => {
    const created = await admin("POST", "/experiences", {
      id: "llm",
      name: "LLM",
      engine: "openai-compatible",
      engineOptions: { baseUrl: "http://127.0.0.1:1/v1", model: "a", apiKey: "sk-secret" },
    });
    expect(created.body).not.toContain("sk-secret");
    expect(created.json<Experience>().engineOptions).toEqual({
      baseUrl: "http://127.0.0.1:1/v1",
      model: "a",
      apiKey: "(set)",
    });
    const patched = await admin("PATCH", "/experiences/llm", { engineOptions: { model: "b" } });
    expect(patched.json<Experience>().engineOptions).toMatchObject({ model: "b", apiKey: "(set)" });
    expect((await test.app.nexus.store.experiences.get("llm"))?.engineOptions.apiKey).toBe(
      "sk-secret",
    );
    const list = await admin("GET", "/experiences");
    expect(list.body).not.toContain("sk-secret");
    const removed = await admin("PATCH", "/experiences/llm", { engineOptions: { apiKey: null } });
    expect(removed.json<Experience>().engineOptions).toEqual({
      baseUrl: "http://127.0.0.1:1/v1",
      model: "b",
    });
  });

  it("checks engine options against the engine's schema when saved, naming what is wrong", async () => {
    const refusals: Array<["POST" | "PATCH", string, object, RegExp]> = [
      ["POST", "/experiences", { name: "Bot", engine: "webhook", engineOptions: {} }, /needs url/],
      [
        "POST",
        "/experiences",
        {
          name: "LLM",
          engine: "openai-compatible",
          engineOptions: { baseUrl: "ftp://x", model: "m" },
        },
        /baseUrl: must be an http:\/\/ or https:\/\/ address/,
      ],
      [
        "POST",
        "/experiences",
        { name: "KB", engineOptions: { answerTreshold: 0.2 } },
        /does not know answerTreshold/,
      ],
    ];
    await admin("POST", "/experiences", { id: "kb", name: "KB" });
    refusals.push(
      ["PATCH", "/experiences/kb", { engineOptions: { wordDelayMs: -1 } }, /wordDelayMs/],
      ["PATCH", "/experiences/kb", { engine: "webhook" }, /webhook engine's options: needs url/],
      // A synonym group holds two words or more, each one word.
      ["PATCH", "/experiences/kb", { engineOptions: { synonyms: [["refund"]] } }, /synonyms/],
      [
        "PATCH",
        "/experiences/kb",
        { engineOptions: { synonyms: [["money back", "refund"]] } },
        /synonyms/,
      ],
      ["PATCH", "/experiences/kb", { engineOptions: { spellingCorrection: "yes" } }, /spelling/],
    );
    for (const [method, url, body, message] of refusals) {
      const response = await admin(method, url, body);
      expect(response.statusCode, `${method} ${url} ${JSON.stringify(body)}`).toBe(400);
      expect(response.json()).toMatchObject({
        code: "VALIDATION_FAILED",
        message: expect.stringMatching(message),
      });
    }
    const retrievalOptions = {
      synonyms: [
        ["refund", "return"],
        ["parcel", "package"],
      ],
      spellingCorrection: true,
    };
    expect(
      (await admin("PATCH", "/experiences/kb", { engineOptions: retrievalOptions })).statusCode,
    ).toBe(200);
    // Options stored before they were checked do not stop other changes.
    await test.app.nexus.store.experiences.create({
      id: "old",
      name: "Old",
      engineOptions: { legacyOption: true },
    });
    expect((await admin("PATCH", "/experiences/old", { name: "Older" })).statusCode).toBe(200);
  });

  it("refuses duplicates and invalid experiences", async () => {
    await admin("POST", "/experiences", { id: "shop", name: "Shop" });
    expect(
      (await admin("POST", "/experiences", { id: "shop", name: "Again" })).json(),
    ).toMatchObject({ statusCode: 409, code: "CONFLICT" });
    for (const payload of [
      { id: "Bad Id", name: "x" },
      { name: "" },
      { id: "ok", name: "x", engine: "magic" },
      { id: "ok", name: "x", handoverWebhookUrl: "not a url" },
      { id: "ok", name: "x", color: "red" },
    ]) {
      expect((await admin("POST", "/experiences", payload)).json()).toMatchObject({
        statusCode: 400,
        code: "VALIDATION_FAILED",
      });
    }
  });

  it("refuses links the widget must never follow, naming the field (finding 11 of issue 16)", async () => {
    const button = (url: string) => ({
      messages: {
        welcomeActions: {
          actions: [{ id: "go", label: "Go", action: { type: "open_url", url } }],
        },
      },
    });
    const refused: Array<[string, Record<string, unknown>, string]> = [
      [
        "widget",
        button("javascript:alert(1)"),
        "widget.messages.welcomeActions.actions[0].action.url",
      ],
      [
        "widget",
        button(" JaVaScRiPt&#58;alert(1)"),
        "widget.messages.welcomeActions.actions[0].action.url",
      ],
      [
        "widget",
        button("unknown-protocol:x"),
        "widget.messages.welcomeActions.actions[0].action.url",
      ],
      [
        "widget",
        { launcher: { iconUrl: "data:image/svg+xml,<svg onload=alert(1)>" } },
        "widget.launcher.iconUrl",
      ],
      ["widget", { header: { avatarUrl: "vbscript:msgbox" } }, "widget.header.avatarUrl"],
      [
        "widget",
        { messages: { welcomeMessage: "Hi! [Help](javascript:alert(1))" } },
        "widget.messages.welcomeMessage",
      ],
      [
        "widget",
        { disclaimer: { text: '<a href="blob:https://x/1">terms</a>' } },
        "widget.disclaimer.text",
      ],
      ["widget", { links: [{ href: "file:///etc/passwd" }] }, "widget.links[0].href"],
    ];
    for (const [field, value, path] of refused) {
      for (const [method, url] of [
        ["POST", "/experiences"],
        ["PATCH", "/experiences/shop"],
      ] as const) {
        if (method === "PATCH") await admin("POST", "/experiences", { id: "shop", name: "Shop" });
        const response = await admin(method, url, { name: "Shop", [field]: value });
        expect(response.statusCode, `${method} ${path}`).toBe(400);
        expect(response.json(), path).toMatchObject({ code: "VALIDATION_FAILED" });
        expect(response.json<{ message: string }>().message, path).toMatch(
          new RegExp(`^${path.replace(/[.[\]]/g, "\\$&")}: `),
        );
      }
      await admin("DELETE", "/experiences/shop");
    }
    const webhook = await admin("POST", "/experiences", {
      name: "Shop",
      handoverWebhookUrl: "javascript:alert(1)",
    });
    expect(webhook.statusCode).toBe(400);
    expect(webhook.json<{ message: string }>().message).toMatch(/^handoverWebhookUrl: /);

    // Allowed: the web's schemes, relative URLs, the configured custom protocols (tour:).
    const allowed = await admin("POST", "/experiences", {
      id: "allowed",
      name: "Allowed",
      widget: {
        ...button("tour:checkout"),
        launcher: { iconUrl: "/icons/chat.svg" },
        header: { avatarUrl: "https://cdn.example/avatar.png" },
        disclaimer: { text: "See [terms](https://example.com/terms) or mail [us](mailto:a@b.c)." },
      },
      handoverWebhookUrl: "https://desk.example/hook",
    });
    expect(allowed.statusCode).toBe(201);
  });

  it("needs the admin token or a client token with the * scope", async () => {
    expect((await admin("GET", "/experiences", undefined, {} as never)).json()).toMatchObject({
      statusCode: 401,
      code: "UNAUTHORIZED",
    });
    expect(
      (await admin("GET", "/experiences", undefined, { authorization: "Bearer wrong-token" }))
        .statusCode,
    ).toBe(401);
    const tokens = test.app.nexus.tokens;
    const limited = await tokens.signAccessToken({
      clientId: "c",
      scopes: ["query:execute"],
      experienceIds: null,
    });
    expect(
      (
        await admin("GET", "/experiences", undefined, { authorization: `Bearer ${limited}` })
      ).json(),
    ).toMatchObject({
      statusCode: 403,
      code: "FORBIDDEN",
    });
    const full = await tokens.signAccessToken({
      clientId: "c",
      scopes: ["*"],
      experienceIds: null,
    });
    expect(
      (await admin("GET", "/experiences", undefined, { authorization: `Bearer ${full}` }))
        .statusCode,
    ).toBe(200);
    const expired = await tokens.signAccessToken(
      { clientId: "c", scopes: ["*"], experienceIds: null },
      -1,
    );
    expect(
      (
        await admin("GET", "/experiences", undefined, { authorization: `Bearer ${expired}` })
      ).json(),
    ).toMatchObject({
      code: "TOKEN_EXPIRED",
    });
  });

  it("shows transcripts and an analytics summary", async () => {
    await test.createExperience({ id: "docs", name: "Docs" });
    await test.app.nexus.ingestion.ingest("docs", [
      { content: "# Hours\n\nOpen daily from nine.", externalId: "h.md" },
    ]);
    const answer = (
      await test.app.inject({
        method: "POST",
        url: "/api/v2/query",
        payload: { text: "opening hours daily", experienceId: "docs" },
      })
    ).json<QueryResponse>();
    const transcript = (
      await admin("GET", `/sessions/${answer.sessionId}`)
    ).json<SessionWithTurns>();
    expect(transcript.turns[0]?.answer).toBe(answer.answer);
    expect((await admin("GET", `/sessions/${randomUUID()}`)).statusCode).toBe(404);
    const summary = (await admin("GET", "/analytics/summary?experienceId=docs")).json<
      Record<string, unknown>
    >();
    expect(summary).toMatchObject({
      experienceId: "docs",
      sessions: 1,
      queries: 1,
      interruptedQueries: 0,
      handovers: 0,
    });
    expect((await admin("GET", "/analytics/summary")).statusCode).toBe(400);
    expect((await admin("GET", "/analytics/summary?experienceId=nope")).statusCode).toBe(404);
  });

  it("lists and deletes knowledge-base documents", async () => {
    await test.createExperience({ id: "docs", name: "Docs" });
    await test.app.nexus.ingestion.ingest("docs", [
      { content: "# Hours\n\nOpen daily.\n\n## Holidays\n\nClosed.", externalId: "hours.md" },
    ]);
    const list = (await admin("GET", "/experiences/docs/documents")).json<
      Array<{ id: string; passages: number; externalId: string }>
    >();
    expect(list).toMatchObject([{ externalId: "hours.md", title: "Hours", passages: 2 }]);
    expect((await admin("DELETE", `/experiences/docs/documents/${list[0]!.id}`)).statusCode).toBe(
      204,
    );
    expect((await admin("GET", "/experiences/docs/documents")).json()).toEqual([]);
    const answer = (
      await test.app.inject({
        method: "POST",
        url: "/api/v2/query",
        payload: { text: "opening hours daily", experienceId: "docs" },
      })
    ).json<QueryResponse>();
    expect(answer.sources).toEqual([]);
    expect((await admin("DELETE", `/experiences/docs/documents/${list[0]!.id}`)).statusCode).toBe(
      404,
    );
    expect((await admin("GET", "/experiences/nope/documents")).statusCode).toBe(404);
  });

  it("creates API clients only for existing experiences", async () => {
    const missing = await admin("POST", "/api-clients", {
      name: "x",
      scopes: ["query:execute"],
      experienceIds: ["nope"],
    });
    expect(missing.json()).toMatchObject({ code: "EXPERIENCE_NOT_FOUND" });
    expect((await admin("POST", "/api-clients", { name: "x", scopes: [] })).statusCode).toBe(400);
  });
});

describe("public utility routes", () => {
  let test: TestApp;
  beforeEach(async () => {
    test = await startTestApp();
  });
  afterEach(() => test.close());

  it("serves an experience's public widget configuration", async () => {
    await test.createExperience({
      id: "shop",
      name: "Shop",
      widget: { messages: { welcomeMessage: "Hi" }, disclaimer: { text: "Be nice" } },
      allowedOrigins: ["https://shop.example"],
      engine: "webhook",
      engineOptions: { url: "https://bot.example/hook", secret: "secret" },
    });
    const response = await test.app.inject({ method: "GET", url: "/v2/experiences/shop/config" });
    expect(response.json<ExperiencePublicConfig>()).toEqual({
      experienceId: "shop",
      name: "Shop",
      widget: { messages: { welcomeMessage: "Hi" }, disclaimer: { text: "Be nice" } },
    });
    expect(response.body).not.toContain("secret");
    expect(
      (await test.app.inject({ method: "GET", url: "/api/v2/experiences/nope/config" })).json(),
    ).toMatchObject({
      code: "EXPERIENCE_NOT_FOUND",
    });
    const foreign = await test.app.inject({
      method: "GET",
      url: "/api/v2/experiences/shop/config",
      headers: { origin: "https://evil.example" },
    });
    expect(foreign.json()).toMatchObject({ statusCode: 403, code: "ORIGIN_NOT_ALLOWED" });
  });

  it("reports health and serves the OpenAPI document", async () => {
    const health = await test.app.inject({ method: "GET", url: "/api/v2/health" });
    expect(health.json()).toMatchObject({ status: "ok", database: "ok", version: "0.1.0" });
    const document = (await test.app.inject({ method: "GET", url: "/api/v2/openapi.json" })).json<{
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    }>();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/api/v2/query",
        "/api/v2/sessions/{id}/status",
        "/api/v2/data-ingestion/jobs",
        "/api/v2/admin/experiences/{id}",
      ]),
    );
    expect(document.paths["/api/v2/query"]?.post?.requestBody).toBeDefined();
  });

  it("answers CORS preflights for the widget's headers", async () => {
    const response = await test.app.inject({
      method: "OPTIONS",
      url: "/api/v2/query",
      headers: {
        origin: "https://anywhere.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,authorization,x-nexus-protocol",
      },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers["access-control-allow-origin"]).toBe("*");
    expect(String(response.headers["access-control-allow-headers"]).toLowerCase()).toContain(
      "x-nexus-protocol",
    );
  });

  it("answers unknown routes with the catalogue's NOT_FOUND", async () => {
    const response = await test.app.inject({ method: "GET", url: "/api/v2/nothing-here" });
    expect(response.json()).toMatchObject({ statusCode: 404, code: "NOT_FOUND" });
  });

  it("serves the widget bundle, or says it is not built", async () => {
    const missing = await test.app.inject({ method: "GET", url: "/widget/nexus-chat-widget.js" });
    expect(missing.statusCode).toBe(404);
    const bundle = join(test.directory, "bundle.js");
    writeFileSync(bundle, "window.NexusChatWidget = {};");
    const other = await startTestApp({ widgetBundlePath: bundle });
    try {
      const response = await other.app.inject({
        method: "GET",
        url: "/widget/nexus-chat-widget.js",
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toContain("javascript");
      expect(response.body).toBe("window.NexusChatWidget = {};");
    } finally {
      await other.close();
    }
  });
});
