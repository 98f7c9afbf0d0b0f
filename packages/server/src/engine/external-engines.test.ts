import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { QueryResponse, SessionWithTurns } from "@nexus-chat/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseStream } from "../../test/support/parse-stream.js";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";
import { findUnsafeLinks } from "../ingest/drop-unsafe-links.js";
import { LinkPolicy } from "../ingest/link-policy.js";

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

/** A local HTTP server standing in for a model API or a site owner's bot. */
async function startFake(handler: Handler): Promise<{
  url: string;
  server: Server;
  requests: Array<{ headers: IncomingMessage["headers"]; body: string; url: string }>;
}> {
  const requests: Array<{ headers: IncomingMessage["headers"]; body: string; url: string }> = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      requests.push({ headers: request.headers, body, url: request.url ?? "" });
      handler(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests };
}

describe("external answer engines", () => {
  let test: TestApp;
  const servers: Server[] = [];

  beforeEach(async () => {
    test = await startTestApp();
  });
  afterEach(async () => {
    await test.close();
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  });

  // Sessions without a user id are reached with the secret the server gave out when creating them.
  const secrets = new Map<string, string>();
  const withSecret = (sessionId?: string): Record<string, string> => {
    const secret = sessionId === undefined ? undefined : secrets.get(sessionId);
    return secret ? { "x-nexus-session-secret": secret } : {};
  };
  const ask = async (experienceId: string, stream = false, sessionId?: string) => {
    const response = await test.app.inject({
      method: "POST",
      url: "/api/v2/query",
      headers: { ...(stream ? { accept: "text/event-stream" } : {}), ...withSecret(sessionId) },
      payload: {
        text: "How long do returns take?",
        experienceId,
        ...(sessionId ? { sessionId } : {}),
      },
    });
    const id = response.headers["x-nexus-session-id"];
    const secret = response.headers["x-nexus-session-secret"];
    if (typeof id === "string" && typeof secret === "string") secrets.set(id, secret);
    return response;
  };

  it("openai-compatible: streams the model's deltas, grounded in retrieved passages", async () => {
    const fake = await startFake((_request, _body, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      for (const content of ["Returns take ", "up to **30 days**", "."]) {
        response.write(`data: ${JSON.stringify({ choices: [{ delta: { content } }] })}\n\n`);
      }
      response.end("data: [DONE]\n\n");
    });
    servers.push(fake.server);
    await test.createExperience({
      id: "llm",
      name: "LLM",
      engine: "openai-compatible",
      engineOptions: { baseUrl: `${fake.url}/v1/`, model: "tiny", apiKey: "sk-test" },
    });
    await test.app.nexus.ingestion.ingest("llm", [
      { content: "# Returns\n\nReturns take 30 days to process.", externalId: "r.md" },
    ]);

    const events = parseStream((await ask("llm", true)).body);
    const deltas = events.flatMap((event) => (event.type === "text-delta" ? [event.delta] : []));
    expect(deltas).toEqual(["Returns take ", "up to **30 days**", "."]);
    expect(events.find((event) => event.type === "sources")).toMatchObject({
      sources: [{ title: "Returns" }],
    });
    expect(events.at(-1)).toMatchObject({
      type: "query-end",
      answer: "Returns take up to **30 days**.",
    });

    const request = fake.requests[0]!;
    expect(request.url).toBe("/v1/chat/completions");
    expect(request.headers.authorization).toBe("Bearer sk-test");
    const sent = JSON.parse(request.body) as {
      model: string;
      stream: boolean;
      messages: Array<{ role: string; content: string }>;
    };
    expect(sent).toMatchObject({ model: "tiny", stream: true });
    expect(sent.messages[0]?.content).toContain(
      "[1] Returns — Returns\n\nReturns take 30 days to process.",
    );
    expect(sent.messages[0]?.content).toContain("Cite the sources you use as [1]");
    expect(sent.messages.at(-1)).toEqual({ role: "user", content: "How long do returns take?" });
  });

  it("openai-compatible: a failing endpoint becomes ENGINE_FAILED, stored as an error turn", async () => {
    const fake = await startFake((_request, _body, response) =>
      response.writeHead(500).end("boom"),
    );
    servers.push(fake.server);
    await test.createExperience({
      id: "down",
      name: "Down",
      engine: "openai-compatible",
      engineOptions: { baseUrl: fake.url, model: "m" },
    });
    const json = await ask("down");
    expect(json.statusCode).toBe(502);
    expect(json.json()).toMatchObject({
      code: "ENGINE_FAILED",
      message: "The model endpoint answered 500.",
    });
    // A 5xx is retried once by default.
    expect(fake.requests).toHaveLength(2);
    const events = parseStream((await ask("down", true)).body);
    const last = events.at(-1);
    expect(last).toMatchObject({ type: "error", code: "ENGINE_FAILED", retryable: true });
    const start = events[0];
    const session = (
      await test.app.inject({
        method: "GET",
        url: `/api/v2/sessions/${start?.type === "query-start" ? start.sessionId : ""}`,
        headers: withSecret(start?.type === "query-start" ? start.sessionId : undefined),
      })
    ).json<SessionWithTurns>();
    expect(session.turns[0]?.status).toBe("error");
  });

  it("openai-compatible: a rate-limited endpoint becomes ENGINE_FAILED with the wait it asked for", async () => {
    const fake = await startFake((_request, _body, response) =>
      response
        .writeHead(429, { "content-type": "application/json", "retry-after": "0" })
        .end(JSON.stringify({ error: { message: "Rate limit reached", type: "requests" } })),
    );
    servers.push(fake.server);
    await test.createExperience({
      id: "busy",
      name: "Busy",
      engine: "openai-compatible",
      engineOptions: { baseUrl: fake.url, model: "m", maxRetries: 2 },
    });
    const response = await ask("busy");
    expect(response.statusCode).toBe(502);
    expect(response.json()).toMatchObject({
      code: "ENGINE_FAILED",
      message: "The model endpoint is rate limiting requests (429, retry after 0 s).",
    });
    expect(fake.requests).toHaveLength(3);
  });

  it("openai-compatible: a stream cut in the middle keeps what arrived, stored as an error turn", async () => {
    const fake = await startFake((_request, _body, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write(`data: ${JSON.stringify({ choices: [{ delta: { content: "Half " } }] })}\n\n`);
      setTimeout(() => response.socket?.destroy(), 50);
    });
    servers.push(fake.server);
    await test.createExperience({
      id: "cut",
      name: "Cut",
      engine: "openai-compatible",
      engineOptions: { baseUrl: fake.url, model: "m" },
    });
    const events = parseStream((await ask("cut", true)).body);
    expect(events.find((event) => event.type === "text-delta")).toMatchObject({ delta: "Half " });
    expect(events.at(-1)).toMatchObject({ type: "error", code: "ENGINE_FAILED" });
  });

  it("openai-compatible: a slow endpoint becomes ENGINE_TIMEOUT", async () => {
    const fake = await startFake(() => undefined);
    servers.push(fake.server);
    await test.createExperience({
      id: "slow",
      name: "Slow",
      engine: "openai-compatible",
      // The shortest time limit the options allow.
      engineOptions: { baseUrl: fake.url, model: "m", timeoutMs: 1000 },
    });
    const response = await ask("slow");
    expect(response.statusCode).toBe(504);
    expect(response.json()).toMatchObject({ code: "ENGINE_TIMEOUT" });
    fake.server.closeAllConnections();
  });

  it("webhook: forwards the turn with its history and streams the bot's answer", async () => {
    const fake = await startFake((_request, _body, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          answer: "Ask [billing](livechat:department=billing).",
          sources: [{ id: "kb-1", title: "Billing", url: null, snippet: "…", score: 1 }],
          actions: {
            actions: [{ id: "agent", label: "Agent", action: { type: "trigger_handover" } }],
          },
        }),
      );
    });
    servers.push(fake.server);
    await test.createExperience({
      id: "bot",
      name: "Bot",
      engine: "webhook",
      engineOptions: { url: `${fake.url}/bot`, secret: "s3cret" },
    });
    const first = (await ask("bot")).json<QueryResponse>();
    expect(first).toMatchObject({
      answer: "Ask [billing](livechat:department=billing).",
      sources: [{ id: "kb-1" }],
      actions: { actions: [{ id: "agent" }] },
    });
    await ask("bot", false, first.sessionId);
    const second = JSON.parse(fake.requests[1]!.body) as Record<string, unknown>;
    expect(fake.requests[1]!.headers.authorization).toBe("Bearer s3cret");
    expect(second).toMatchObject({
      experienceId: "bot",
      sessionId: first.sessionId,
      query: "How long do returns take?",
      history: [{ query: "How long do returns take?", answer: first.answer }],
    });
  });

  /** The stored turns of a session, read back through the API. */
  const storedTurns = async (sessionId: string) =>
    (
      await test.app.inject({
        method: "GET",
        url: `/api/v2/sessions/${sessionId}`,
        headers: withSecret(sessionId),
      })
    ).json<SessionWithTurns>().turns;

  const refused = /javascript|vbscript|data:|unknown-proto/i;
  /** The schemes the test app allows (see test-app.ts). */
  const testLinks = new LinkPolicy(["tour", "action", "livechat", "walkme"]);

  it("openai-compatible: refused links split across chunks never reach the client or the turn", async () => {
    const chunks = [
      "Read [the gu",
      "ide](java",
      "script:alert(1)) or ![a pixel](da",
      "ta:image/png;base64,AAAA) or [vb](vbs",
      'cript:msgbox(1)), <a href="javascript:',
      'alert(1)">a tag</a>, <javascript:alert(1)> and [odd](unknown-proto:x); ',
      "but [the tour](tour:start) and [the docs](https://example.com/docs) [1",
      "].",
    ];
    const fake = await startFake((_request, _body, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      for (const content of chunks) {
        response.write(`data: ${JSON.stringify({ choices: [{ delta: { content } }] })}\n\n`);
      }
      response.end("data: [DONE]\n\n");
    });
    servers.push(fake.server);
    await test.createExperience({
      id: "links",
      name: "Links",
      engine: "openai-compatible",
      engineOptions: { baseUrl: fake.url, model: "m" },
    });
    // An autolink to a refused scheme keeps its text, as in imported documents: text, not a link.
    const expected =
      "Read the guide or a pixel or vb, a tag</a>, javascript:alert(1) and odd; " +
      "but [the tour](tour:start) and [the docs](https://example.com/docs) [1].";

    const events = parseStream((await ask("links", true)).body);
    let received = "";
    for (const event of events) {
      if (event.type !== "text-delta") continue;
      received += event.delta;
      expect(findUnsafeLinks(received, testLinks)).toEqual([]);
    }
    expect(received).toBe(expected);
    expect(events.at(-1)).toMatchObject({ type: "query-end", answer: expected });
    const start = events[0];
    const sessionId = start?.type === "query-start" ? start.sessionId : "";
    expect((await storedTurns(sessionId))[0]).toMatchObject({
      answer: expected,
      status: "complete",
    });

    const json = (await ask("links")).json<QueryResponse>();
    expect(json.answer).toBe(expected);
    expect((await storedTurns(json.sessionId))[0]?.answer).toBe(expected);
  });

  it("webhook: refused links, source URLs and open_url buttons are dropped; allowed ones pass", async () => {
    const fake = await startFake((_request, _body, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          answer:
            "[Click](javascript:alert(document.cookie)) ![p](data:text/html,x) [vb](vbscript:x) " +
            "or ask [billing](livechat:department=billing).",
          sources: [
            { id: "a", title: "Evil", url: "javascript:alert(1)", snippet: "…", score: 1 },
            { id: "b", title: "Good", url: "https://example.com/b", snippet: "…", score: 0.5 },
          ],
          actions: {
            actions: [
              { id: "bad", label: "Bad", action: { type: "open_url", url: "data:text/html,x" } },
              { id: "tour", label: "Tour", action: { type: "open_url", url: "tour:start" } },
              { id: "agent", label: "Agent", action: { type: "trigger_handover" } },
            ],
          },
        }),
      );
    });
    servers.push(fake.server);
    await test.createExperience({
      id: "hostile-bot",
      name: "Hostile bot",
      engine: "webhook",
      engineOptions: { url: fake.url },
    });
    const expected = "Click p vb or ask [billing](livechat:department=billing).";
    const events = parseStream((await ask("hostile-bot", true)).body);
    expect(JSON.stringify(events)).not.toMatch(refused);
    expect(events.at(-1)).toMatchObject({ type: "query-end", answer: expected });
    expect(events.find((event) => event.type === "sources")).toMatchObject({
      sources: [
        { id: "a", url: null },
        { id: "b", url: "https://example.com/b" },
      ],
    });
    expect(events.find((event) => event.type === "actions")).toMatchObject({
      actions: { actions: [{ id: "tour" }, { id: "agent" }] },
    });
    const start = events[0];
    const turn = (await storedTurns(start?.type === "query-start" ? start.sessionId : ""))[0];
    expect(turn?.answer).toBe(expected);
    expect(JSON.stringify(turn)).not.toMatch(refused);
  });

  it("webhook: an answer without text is ENGINE_FAILED", async () => {
    const fake = await startFake((_request, _body, response) => response.writeHead(200).end("{}"));
    servers.push(fake.server);
    await test.createExperience({
      id: "mute",
      name: "Mute",
      engine: "webhook",
      engineOptions: { url: fake.url },
    });
    expect((await ask("mute")).json()).toMatchObject({ statusCode: 502, code: "ENGINE_FAILED" });
  });
});
