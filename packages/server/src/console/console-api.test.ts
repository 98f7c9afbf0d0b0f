import type {
  ConsoleAnalytics,
  ConsoleDocument,
  ConsolePassage,
  ConversationSummary,
  ConversationTranscript,
  EmbedSnippet,
  Experience,
  IngestionJob,
  LinkCount,
  Page,
  QueryResponse,
  QuestionGroup,
} from "@nexus-chat/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVisitor, type VisitorInject } from "../../test/support/visitor.js";
import { signInOperator, type SignedInOperator } from "../../test/support/console-sessions.js";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";

/** A multipart body with the given files. */
function multipart(files: Record<string, string>): { body: string; contentType: string } {
  const boundary = "----console-test-boundary";
  const parts = Object.entries(files).map(
    ([name, content]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\n` +
      `Content-Type: text/markdown\r\n\r\n${content}\r\n`,
  );
  return {
    body: `${parts.join("")}--${boundary}--\r\n`,
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe("the console API", { timeout: 60_000 }, () => {
  let test: TestApp;
  let admin: SignedInOperator;
  const today = new Date().toISOString().slice(0, 10);

  // A visitor keeps the secrets of the sessions it starts, like the widget.
  let visit: VisitorInject;
  const ask = async (text: string, sessionId?: string): Promise<QueryResponse> =>
    (
      await visit({
        method: "POST",
        url: "/api/v2/query",
        payload: { text, experienceId: "shop", ...(sessionId && { sessionId }) },
      })
    ).json<QueryResponse>();
  const publicPost = (url: string, payload: unknown) =>
    visit({ method: "POST", url: `/api/v2${url}`, payload: payload as object });

  beforeAll(async () => {
    test = await startTestApp();
    visit = createVisitor(test.app);
    admin = await signInOperator(test.app, "admin@example.com", "admin");
  }, 60_000);
  afterAll(() => test.close());

  it("creates an assistant, checking its engine options when saved", async () => {
    const bad = await admin.request("POST", "/assistants", {
      id: "llm",
      name: "LLM",
      engine: "openai-compatible",
      engineOptions: { model: "gpt" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe("The openai-compatible engine's options: needs baseUrl.");
    const typo = await admin.request("POST", "/assistants", {
      name: "Typo",
      engine: "webhook",
      engineOptions: { url: "https://bot.example/hook", secrte: "x" },
    });
    expect(typo.json().message).toBe("The webhook engine's options: does not know secrte.");
    const script = await admin.request("POST", "/assistants", {
      name: "Script",
      widget: { messages: { welcomeMessage: "[Start](javascript:alert(1))" } },
    });
    expect(script.statusCode).toBe(400);
    expect(script.json().message).toMatch(/^widget\.messages\.welcomeMessage: "javascript:"/);

    const created = await admin.request("POST", "/assistants", {
      id: "shop",
      name: "Shop",
      widget: { messages: { welcomeMessage: "Hello!" } },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json<Experience>()).toMatchObject({ id: "shop", engine: "retrieval" });
  });

  it("keeps a stored secret when the console sends its marker back, and checks changes", async () => {
    await admin.request("POST", "/assistants", {
      id: "bot",
      name: "Bot",
      engine: "webhook",
      engineOptions: { url: "https://bot.example/hook", secret: "s3cret" },
    });
    const shown = (await admin.request("GET", "/assistants/bot")).json<Experience>();
    expect(shown.engineOptions).toEqual({ url: "https://bot.example/hook", secret: "(set)" });
    const saved = await admin.request("PATCH", "/assistants/bot", {
      engineOptions: { ...shown.engineOptions, timeoutMs: 5000 },
    });
    expect(saved.statusCode).toBe(200);
    expect((await test.app.nexus.store.experiences.get("bot"))?.engineOptions).toEqual({
      url: "https://bot.example/hook",
      secret: "s3cret",
      timeoutMs: 5000,
    });
    const wrong = await admin.request("PATCH", "/assistants/bot", {
      engineOptions: { url: "ftp://bot.example" },
    });
    expect(wrong.json().message).toBe(
      "The webhook engine's options: url: must be an http:// or https:// address.",
    );
    expect((await admin.request("DELETE", "/assistants/bot")).statusCode).toBe(204);
  });

  it("gives an embed snippet for the assistant", async () => {
    const snippet = (await admin.request("GET", "/assistants/shop/embed")).json<EmbedSnippet>();
    expect(snippet.html).toContain(
      '<script src="http://localhost:80/widget/nexus-chat-widget.js">',
    );
    expect(snippet.html).toContain('experienceId: "shop"');
    expect(snippet.module).toContain('import { init } from "@nexus-chat/widget";');
  });

  it("uploads files into a job whose progress reaches completed, then lists and searches documents", async () => {
    const { body, contentType } = multipart({
      "returns.md": "# Returns\n\nReturn unused items within 30 days for a full refund.",
      "shipping.md": "# Shipping\n\nWe ship to every country in Europe within five days.",
    });
    const upload = await test.app.inject({
      method: "POST",
      url: "/api/v2/console/assistants/shop/documents",
      payload: body,
      headers: {
        cookie: admin.cookie,
        "x-csrf-token": admin.csrfToken,
        "content-type": contentType,
      },
    });
    expect(upload.statusCode).toBe(202);
    let job = upload.json<IngestionJob>();
    expect(job.total).toBe(2);
    for (let attempt = 0; attempt < 200 && job.status !== "completed"; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      job = (await admin.request("GET", `/jobs/${job.jobId}`)).json<IngestionJob>();
    }
    expect(job).toMatchObject({ status: "completed", processed: 2, created: 2 });

    const page = (await admin.request("GET", "/assistants/shop/documents?limit=1")).json<
      Page<ConsoleDocument>
    >();
    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    const found = (await admin.request("GET", "/assistants/shop/documents?search=SHIP")).json<
      Page<ConsoleDocument>
    >();
    expect(found.items.map((document) => document.title)).toEqual(["Shipping"]);
    const passages = (
      await admin.request(
        "GET",
        `/assistants/shop/documents/${found.items[0]?.documentId}/passages`,
      )
    ).json<ConsolePassage[]>();
    expect(passages[0]?.body).toContain("every country in Europe");
  });

  describe("conversations and analytics", () => {
    let refund: QueryResponse;
    let unknown: QueryResponse;

    beforeAll(async () => {
      refund = await ask("How do I get a refund?");
      await ask("Do you ship to Europe?", refund.sessionId);
      unknown = await ask("Can I pay with bitcoin?");
      await ask("pay with bitcoin?");
      await ask("What about the weather on Mars");
      await publicPost("/query/feedback", {
        queryId: refund.queryId,
        sessionId: refund.sessionId,
        rating: "negative",
        comment: "Too vague",
      });
      await publicPost("/analytics/link-clicks", {
        experienceId: "shop",
        sessionId: refund.sessionId,
        queryId: refund.queryId,
        href: "https://shop.example/returns",
        text: "Returns",
        protocol: "https:",
      });
      await publicPost("/analytics/events", {
        experienceId: "shop",
        events: [
          {
            name: "open",
            timestamp: new Date().toISOString(),
            sessionId: refund.sessionId,
            payload: {},
          },
        ],
      });
      await publicPost(`/sessions/${unknown.sessionId}/handover`, { reason: "wants a person" });
    }, 60_000);

    const list = async (query: string) =>
      (await admin.request("GET", `/conversations?${query}`)).json<Page<ConversationSummary>>();

    it("lists conversations with their figures, and filters them", async () => {
      const all = await list(`from=${today}&to=${today}`);
      expect(all.total).toBe(4);
      const first = all.items.find((item) => item.sessionId === refund.sessionId);
      expect(first).toMatchObject({
        assistantId: "shop",
        questions: 2,
        firstQuestion: "How do I get a refund?",
        negative: 1,
        notAnswered: 0,
        handover: false,
      });
      expect((await list("rating=negative")).items.map((item) => item.sessionId)).toEqual([
        refund.sessionId,
      ]);
      expect((await list("handover=true")).items.map((item) => item.sessionId)).toEqual([
        unknown.sessionId,
      ]);
      expect((await list("notAnswered=true")).total).toBe(3);
      expect((await list("search=bitcoin")).total).toBe(2);
      expect((await list("assistantId=other")).total).toBe(0);
      expect((await list("to=2000-01-01")).total).toBe(0);
      expect((await list("limit=1&offset=1")).items).toHaveLength(1);
      const backwards = await admin.request("GET", "/conversations?from=2026-02-01&to=2026-01-01");
      expect(backwards.statusCode).toBe(400);
    });

    it("shows a transcript with sources, feedback, link clicks, events and hand-overs", async () => {
      const transcript = (
        await admin.request("GET", `/conversations/${refund.sessionId}`)
      ).json<ConversationTranscript>();
      expect(transcript.turns).toHaveLength(2);
      expect(transcript.turns[0]).toMatchObject({
        query: "How do I get a refund?",
        answered: true,
        feedback: { rating: "negative", comment: "Too vague" },
      });
      expect(transcript.turns[0]?.sources[0]?.title).toBe("Returns");
      expect(transcript.linkClicks).toEqual([
        expect.objectContaining({ href: "https://shop.example/returns", queryId: refund.queryId }),
      ]);
      expect(transcript.widgetEvents.map((event) => event.name)).toEqual(["open"]);
      const other = (
        await admin.request("GET", `/conversations/${unknown.sessionId}`)
      ).json<ConversationTranscript>();
      expect(other.turns[0]?.answered).toBe(false);
      expect(other.handovers).toEqual([expect.objectContaining({ reason: "wants a person" })]);
    });

    it("exports the filtered conversations as CSV and JSON", async () => {
      const csv = await admin.request("GET", "/conversations/export?format=csv&rating=negative");
      expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
      expect(csv.headers["content-disposition"]).toMatch(/^attachment; filename="conversations-/);
      const lines = csv.body
        .replace(/^\uFEFF/, "")
        .trim()
        .split("\r\n");
      expect(lines[0]).toBe(
        '"session_id","assistant_id","user_id","asked_at","question","answer","status","answered","rating","comment","sources"',
      );
      expect(lines).toHaveLength(3);
      expect(csv.body).toContain('"Too vague"');
      const json = await admin.request("GET", "/conversations/export?format=json");
      expect(json.json<unknown[]>()).toHaveLength(5);
    });

    it("counts the range per day, and groups the unanswered questions", async () => {
      const analytics = (
        await admin.request("GET", `/analytics?from=${today}&to=${today}`)
      ).json<ConsoleAnalytics>();
      expect(analytics.totals).toEqual({
        conversations: 4,
        questions: 5,
        answered: 2,
        notAnswered: 3,
        positive: 0,
        negative: 1,
        handovers: 1,
        linkClicks: 1,
      });
      expect(analytics.days).toEqual([{ date: today, ...analytics.totals }]);
      expect(analytics.widgetEvents).toEqual([{ name: "open", count: 1 }]);
      const month = (await admin.request("GET", "/analytics")).json<ConsoleAnalytics>();
      expect(month.days.length).toBeGreaterThanOrEqual(30);

      const unanswered = (await admin.request("GET", "/analytics/unanswered")).json<
        Page<QuestionGroup>
      >();
      expect(unanswered.total).toBe(2);
      const [bitcoin] = unanswered.items;
      expect(bitcoin?.count).toBe(2);
      expect([bitcoin?.question, ...(bitcoin?.variants ?? [])].sort()).toEqual([
        "can i pay with bitcoin?",
        "pay with bitcoin?",
      ]);
      const top = (await admin.request("GET", "/analytics/top-questions?limit=2")).json<
        Page<QuestionGroup>
      >();
      expect(top.items).toHaveLength(2);
      expect(top.total).toBe(4);
      const links = (await admin.request("GET", "/analytics/top-links")).json<Page<LinkCount>>();
      expect(links.items).toEqual([
        { href: "https://shop.example/returns", text: "Returns", count: 1 },
      ]);
    });
  });
});
