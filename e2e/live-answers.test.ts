// Answers that survive: a reload in the middle of a long answer, a network cut, and Stop on a
// resumed answer. The answer comes from a fake model server (the openai-compatible engine), so
// its text is known to the character: 2,000 chunks, each a numbered word.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useHarness, uniqueExperienceId } from "./support/harness.js";
import type { RecordedEvent, WidgetPage } from "./support/widget-page.js";

const harness = useHarness();
const chunkCount = 2_000;
const chunks = Array.from({ length: chunkCount }, (_, index) => `w${index + 1} `);
const fullAnswer = chunks.join("");
let model: Server;
let experienceId: string;

beforeAll(async () => {
  // Streams the chunks three at a time every 4 ms: about three seconds for the whole answer.
  model = createServer((request, response) => {
    request.resume();
    response.writeHead(200, { "content-type": "text/event-stream" });
    let next = 0;
    const timer = setInterval(() => {
      for (let index = 0; index < 3 && next < chunkCount; index += 1, next += 1) {
        const data = { choices: [{ delta: { content: chunks[next] } }] };
        response.write(`data: ${JSON.stringify(data)}\n\n`);
      }
      if (next >= chunkCount) {
        clearInterval(timer);
        response.end("data: [DONE]\n\n");
      }
    }, 4);
    response.on("close", () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => model.listen(0, "127.0.0.1", resolve));
  experienceId = uniqueExperienceId("live");
  await harness.admin.request("POST", "/admin/experiences", {
    id: experienceId,
    name: "Live",
    engine: "openai-compatible",
    engineOptions: {
      baseUrl: `http://127.0.0.1:${(model.address() as AddressInfo).port}/v1`,
      model: "fake",
      timeoutMs: 120_000,
    },
  });
});

afterAll(() => new Promise<void>((resolve) => model.close(() => resolve())));

/**
 * Keeps the page's recorded events in sessionStorage when it goes away (read after a reload).
 * Added to the page as it is (an init script would only reach the pages loaded after it).
 */
async function keepEventsAcrossReload(widgetPage: WidgetPage): Promise<void> {
  await widgetPage.page.evaluate(() => {
    addEventListener("pagehide", () => {
      const events = (window as unknown as { __events?: unknown[] }).__events ?? [];
      sessionStorage.setItem("e2e-events-before-reload", JSON.stringify(events));
    });
  });
}

async function eventsBeforeReload(widgetPage: WidgetPage): Promise<RecordedEvent[]> {
  return widgetPage.page.evaluate(
    () => JSON.parse(sessionStorage.getItem("e2e-events-before-reload") ?? "[]") as never,
  );
}

const chunkText = (events: RecordedEvent[]): string =>
  events
    .filter((event) => event.name === "messageChunk")
    .map((event) => (event.payload as { chunk: string }).chunk)
    .join("");

async function ask(widgetPage: WidgetPage): Promise<void> {
  await widgetPage.openWindow();
  await widgetPage.input().fill("Tell me everything");
  await widgetPage.button("Send message").click();
}

describe("answers that survive", () => {
  it("a reload in the middle of a 2,000-chunk answer completes it with exactly its chunks", async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    await keepEventsAcrossReload(widgetPage);
    await ask(widgetPage);
    await widgetPage.waitForEvent("messageChunk", 300);
    await widgetPage.page.reload();

    const before = await eventsBeforeReload(widgetPage);
    const complete = await widgetPage.waitForEvent("messageComplete", 1, 30_000);
    expect(complete.answer).toBe(fullAnswer);
    const after = await widgetPage.events();
    // Every chunk once: those reported before the reload, then the rest.
    expect(chunkText(before) + chunkText(after)).toBe(fullAnswer);
    expect(before.filter((event) => event.name === "messageComplete")).toHaveLength(0);
    expect(await widgetPage.eventCount("messageComplete")).toBe(1);
    // One resume, naming the answer and where it continued: after the query-start frame and
    // the chunks this page had reported before the reload.
    expect(await widgetPage.eventCount("messageResume")).toBe(1);
    const [resume] = await widgetPage.payloads("messageResume");
    expect(resume).toEqual({
      queryId: complete.queryId,
      sessionId: complete.sessionId,
      resumedFrom: 1 + before.filter((event) => event.name === "messageChunk").length,
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(resume!.resumedFrom).toBeGreaterThan(300);
    // The connection never broke: no connectionChange, no notice.
    expect(await widgetPage.eventCount("connectionChange")).toBe(0);
    await widgetPage.openWindow();
    await expect.poll(() => widgetPage.lastAnswer().getAttribute("data-status")).toBe("complete");
    expect((await widgetPage.lastAnswer().textContent())!.replace(/\s+/g, " ").trim()).toBe(
      fullAnswer.trim(),
    );
    // The server stored the whole answer too.
    const transcript = await harness.admin.sessionTranscript(complete.sessionId!);
    expect(transcript.turns.at(-1)).toMatchObject({ status: "complete", answer: fullAnswer });
  });

  it("a network cut of 3 s mid-answer: the widget says so, resumes, and loses no chunk", async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    let cutAt = 0;
    harness.proxy.setRule(({ method, path }) => {
      if (method === "POST" && path === "/api/v2/query") {
        cutAt = Date.now();
        return { kind: "cut", afterFrames: 200 };
      }
      // The network is down for 3 s after the cut: the channel cannot be reached either.
      if (cutAt > 0 && Date.now() - cutAt < 3_000 && path.includes("/events")) {
        return { kind: "status", status: 503 };
      }
      return undefined;
    });
    await ask(widgetPage);
    // While the network is down the visitor is told, in a status line screen readers announce.
    await expect
      .poll(() =>
        widgetPage.page
          .getByRole("status")
          .filter({ hasText: /Connection lost\. Reconnecting…|You're offline\./ })
          .count(),
      )
      .toBe(1);
    const complete = await widgetPage.waitForEvent("messageComplete", 1, 30_000);
    expect(complete.answer).toBe(fullAnswer);
    expect(chunkText(await widgetPage.events())).toBe(fullAnswer);
    expect(await widgetPage.eventCount("messageResume")).toBe(1);
    const changes = await widgetPage.payloads("connectionChange");
    const states = changes.map((event) => event.state);
    // Reconnecting at the cut (offline after three failed attempts), online once it is back;
    // each state once in a row.
    expect(states[0]).toBe("reconnecting");
    expect(states.at(-1)).toBe("online");
    expect(states.every((state, index) => state !== states[index - 1])).toBe(true);
    expect(changes[0]).toEqual({
      state: "reconnecting",
      sessionId: complete.sessionId,
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const [resume] = await widgetPage.payloads("messageResume");
    expect(resume).toMatchObject({ queryId: complete.queryId, sessionId: complete.sessionId });
    expect(resume!.resumedFrom).toBeGreaterThanOrEqual(200);
    // The notice is gone once the answer is complete.
    await expect.poll(() => widgetPage.page.locator("[data-nexus-connection]").count()).toBe(0);
    expect(await widgetPage.lastAnswer().getAttribute("data-status")).toBe("complete");
    expect(await widgetPage.eventCount("error")).toBe(0);
  });

  it("a second tab shows the same answer growing, and only the asking tab fires events", async () => {
    const context = await harness.newContext();
    const url = harness.hostPage({ experienceId });
    const first = await harness.openPage(context, url);
    const second = await harness.openPage(context, url);
    await second.openWindow();
    await ask(first);
    await first.waitForEvent("messageChunk", 50);
    // The second tab shows the answer while it grows, before it is complete.
    await expect
      .poll(async () => (await second.lastAnswer().textContent())?.length ?? 0)
      .toBeGreaterThan(0);
    expect(await second.lastAnswer().getAttribute("data-status")).toBe("streaming");
    expect(await first.eventCount("messageComplete")).toBe(0);
    const complete = await first.waitForEvent("messageComplete", 1, 30_000);
    await expect.poll(() => second.lastAnswer().getAttribute("data-status")).toBe("complete");
    expect((await second.lastAnswer().textContent())!.replace(/\s+/g, " ").trim()).toBe(
      fullAnswer.trim(),
    );
    expect(complete.answer).toBe(fullAnswer);
    expect(chunkText(await first.events())).toBe(fullAnswer);
    for (const name of ["messageChunk", "messageComplete", "messageResume"] as const) {
      expect(await second.eventCount(name)).toBe(0);
    }
  });

  it("Stop on a resumed answer stops it on the server", async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    await ask(widgetPage);
    await widgetPage.waitForEvent("messageChunk", 100);
    await widgetPage.page.reload();
    await widgetPage.waitForEvent("messageResume");
    await widgetPage.openWindow();
    await widgetPage.button("Stop answer").click();
    await expect
      .poll(() => widgetPage.lastAnswer().getAttribute("data-status"))
      .toBe("interrupted");
    const [resume] = await widgetPage.payloads("messageResume");
    await expect
      .poll(
        async () =>
          (await harness.admin.sessionTranscript(resume!.sessionId!)).turns.at(-1)?.status,
        {
          timeout: 10_000,
        },
      )
      .toBe("interrupted");
    const turn = (await harness.admin.sessionTranscript(resume!.sessionId!)).turns.at(-1)!;
    expect(turn.answer.length).toBeLessThan(fullAnswer.length);
    expect(await widgetPage.eventCount("messageComplete")).toBe(0);
  });
});
