// Every event of the events system except voice and read-aloud (e2e/voice covers those) fires at the
// moment a user expects, with its documented payload; every instance method does what it says.
import { beforeAll, describe, expect, it } from "vitest";
import type { WidgetState } from "@nexus-chat/protocol";
import { expectEventBase, uuidPattern } from "./support/assertions.js";
import { useHarness, uniqueExperienceId } from "./support/harness.js";
import { questions, standardDocuments } from "./support/knowledge-base.js";
import type { WidgetPage } from "./support/widget-page.js";

const harness = useHarness();
let experienceId: string;

beforeAll(async () => {
  experienceId = uniqueExperienceId("events");
  await harness.admin.createExperienceWithDocuments(
    { id: experienceId, name: "Events" },
    standardDocuments,
  );
});

function state(widgetPage: WidgetPage): Promise<WidgetState> {
  return widgetPage.page.evaluate(() =>
    JSON.parse(
      JSON.stringify((window as unknown as { widget: { getState(): unknown } }).widget.getState()),
    ),
  );
}

function callWidget(widgetPage: WidgetPage, method: string, ...parameters: unknown[]) {
  return widgetPage.page.evaluate(
    ([name, values]) => {
      const widget = (window as unknown as { widget: Record<string, (...a: unknown[]) => unknown> })
        .widget;
      return widget[name as string]!(...(values as unknown[]));
    },
    [method, parameters] as const,
  );
}

describe("UI lifecycle events and methods", () => {
  it("open and close fire for the launcher, the header button and the API, with payloads", async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    await widgetPage.launcher().click();
    await widgetPage.dialog().waitFor({ state: "visible" });
    const opened = await widgetPage.waitForEvent("open");
    expectEventBase(opened, null);
    expect(await widgetPage.launcher().getAttribute("aria-expanded")).toBe("true");

    await widgetPage.button("Close chat").click();
    await widgetPage.dialog().waitFor({ state: "hidden" });
    expectEventBase(await widgetPage.waitForEvent("close"), null);
    expect(await widgetPage.launcher().getAttribute("aria-expanded")).toBe("false");

    await callWidget(widgetPage, "open");
    await widgetPage.dialog().waitFor({ state: "visible" });
    await widgetPage.waitForEvent("open", 2);
    expect((await state(widgetPage)).isOpen).toBe(true);
    await callWidget(widgetPage, "close");
    await widgetPage.dialog().waitFor({ state: "hidden" });
    await widgetPage.waitForEvent("close", 2);
    expect((await state(widgetPage)).isOpen).toBe(false);

    await callWidget(widgetPage, "toggle");
    await widgetPage.dialog().waitFor({ state: "visible" });
    await callWidget(widgetPage, "toggle");
    await widgetPage.dialog().waitFor({ state: "hidden" });
    expect(await widgetPage.eventCount("open")).toBe(3);
    expect(await widgetPage.eventCount("close")).toBe(3);
    // Opening an open window is not a second open.
    await callWidget(widgetPage, "open");
    await callWidget(widgetPage, "open");
    await widgetPage.waitForEvent("open", 4);
    expect(await widgetPage.eventCount("open")).toBe(4);
  });

  it("maximize and minimize report the previous mode, from the header toggle and the API", async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    await widgetPage.openWindow();
    expect((await state(widgetPage)).mode).toBe("normal");
    const normalBox = await widgetPage.dialog().boundingBox();

    await widgetPage.button("Expand window").click();
    const maximized = await widgetPage.waitForEvent("maximize");
    expectEventBase(maximized, null);
    expect(maximized.previousMode).toBe("normal");
    expect((await state(widgetPage)).mode).toBe("expanded");
    await expect
      .poll(async () => (await widgetPage.dialog().boundingBox())?.width)
      .toBeGreaterThan(normalBox!.width);

    await widgetPage.button("Shrink window").click();
    const minimized = await widgetPage.waitForEvent("minimize");
    expectEventBase(minimized, null);
    expect(minimized.previousMode).toBe("expanded");

    await callWidget(widgetPage, "maximize");
    expect((await widgetPage.waitForEvent("maximize", 2)).previousMode).toBe("normal");
    await callWidget(widgetPage, "minimize");
    expect((await widgetPage.waitForEvent("minimize", 2)).previousMode).toBe("expanded");
    expect((await state(widgetPage)).mode).toBe("normal");
  });
});

describe("message, session and typing events", () => {
  it("a typed question fires typing, typingStop, messageStart, sessionStart, messageChunk and messageComplete", async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    await widgetPage.openWindow();
    await widgetPage.input().click();
    await widgetPage.page.keyboard.type("zorblax", { delay: 20 });

    const typing = await widgetPage.waitForEvent("typing");
    expectEventBase(typing, null);
    const typingEvents = await widgetPage.payloads("typing");
    const lastTyping = typingEvents[typingEvents.length - 1]!;
    await expect
      .poll(async () => (await widgetPage.payloads("typing")).at(-1)?.text)
      .toBe("zorblax");
    expect(lastTyping.length).toBe(lastTyping.text.length);
    // A pause ends typing.
    const paused = await widgetPage.waitForEvent("typingStop");
    expectEventBase(paused, null);
    expect(paused.finalText).toBe("zorblax");

    await widgetPage.input().fill(questions.lamp);
    await widgetPage.button("Send message").click();
    const complete = await widgetPage.waitForEvent("messageComplete");

    const started = (await widgetPage.payloads("messageStart"))[0]!;
    expectEventBase(started);
    expect(started.message).toBe(questions.lamp);
    // Sending ends typing too.
    expect((await widgetPage.payloads("typingStop")).at(-1)?.finalText).toBe(questions.lamp);

    const sessions = await widgetPage.payloads("sessionStart");
    expect(sessions).toHaveLength(1);
    const session = sessions[0]!;
    expectEventBase(session);
    expect(session.sessionId).toMatch(uuidPattern);
    expect(typeof session.metadata).toBe("object");

    const chunks = await widgetPage.payloads("messageChunk");
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      expectEventBase(chunk, session.sessionId);
      expect(chunk.queryId).toBe(complete.queryId);
      expect(typeof chunk.chunk).toBe("string");
    }
    expect(chunks.map((chunk) => chunk.chunk).join("")).toBe(complete.answer);

    expectEventBase(complete, session.sessionId);
    expect(complete.answer).toContain("soft dry cloth");
    expect(complete.queryId).toBeTruthy();
    expect(complete.duration).toBeGreaterThanOrEqual(0);
    const answerElement = widgetPage.lastAnswer();
    expect(await answerElement.getAttribute("data-message-id")).toBe(complete.messageId);
    await expect.poll(() => answerElement.getAttribute("data-status")).toBe("complete");
    expect(await answerElement.textContent()).toContain("soft dry cloth");

    // Order: the user's message comes first, the answer's pieces next, completion last.
    const names = (await widgetPage.events()).map((event) => event.name);
    expect(names.indexOf("messageStart")).toBeLessThan(names.indexOf("messageChunk"));
    expect(names.lastIndexOf("messageChunk")).toBeLessThan(names.indexOf("messageComplete"));

    // The server holds the session and the turn.
    const transcript = await harness.admin.sessionTranscript(session.sessionId);
    expect(transcript.turns.map((turn) => turn.query)).toEqual([questions.lamp]);
    expect(transcript.turns[0]!.queryId).toBe(complete.queryId);
  });

  it("sendMessage sends metadata, resolves after the answer, and getState reflects it", async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    await callWidget(widgetPage, "sendMessage", questions.lamp, { plan: "gold" });
    expect(await widgetPage.eventCount("messageComplete")).toBe(1);
    const started = (await widgetPage.payloads("messageStart"))[0]!;
    expect(started.message).toBe(questions.lamp);
    expect(started.metadata).toEqual({ plan: "gold" });

    const snapshot = await state(widgetPage);
    expect(snapshot.isStreaming).toBe(false);
    expect(snapshot.messageCount).toBe(2);
    expect(snapshot.sessionId).toBe((await widgetPage.payloads("sessionStart"))[0]!.sessionId);
    const messages = snapshot.messages.filter((entry) => entry.type === "message");
    expect(messages.map((entry) => entry.type === "message" && entry.role)).toEqual([
      "user",
      "assistant",
    ]);
  });

  it("clearChat fires sessionClear and sessionEnd, ends the session on the server, and starts none", async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    await widgetPage.ask(questions.lamp);
    const sessionId = (await state(widgetPage)).sessionId!;

    await callWidget(widgetPage, "clearChat");
    const cleared = await widgetPage.waitForEvent("sessionClear");
    expectEventBase(cleared, sessionId);
    expect(cleared.messageCount).toBe(2);
    const ended = await widgetPage.waitForEvent("sessionEnd");
    expectEventBase(ended, sessionId);
    expect(ended.messageCount).toBe(2);
    expect(ended.duration).toBeGreaterThanOrEqual(0);

    const snapshot = await state(widgetPage);
    expect(snapshot.sessionId).toBeNull();
    expect(snapshot.messageCount).toBe(0);
    expect(await widgetPage.messages().count()).toBe(0);
    await expect
      .poll(async () => (await harness.admin.sessionStatus(sessionId)).status)
      .toBe("completed");
    expect(await widgetPage.eventCount("sessionStart")).toBe(1);

    // The next message starts a new session.
    await widgetPage.ask(questions.lamp);
    const sessions = await widgetPage.payloads("sessionStart");
    expect(sessions).toHaveLength(2);
    expect(sessions[1]!.sessionId).not.toBe(sessionId);
  });

  it("startNewSession ends the old session and creates the new one on the server at once", async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    await widgetPage.ask(questions.lamp);
    const oldSession = (await state(widgetPage)).sessionId!;

    const generated = (await callWidget(widgetPage, "startNewSession")) as string;
    expect(generated).toMatch(uuidPattern);
    const ended = await widgetPage.waitForEvent("sessionEnd");
    expectEventBase(ended, oldSession);
    expect(ended.messageCount).toBe(2);
    const started = await widgetPage.waitForEvent("sessionStart", 2);
    expectEventBase(started, generated);
    expect((await state(widgetPage)).sessionId).toBe(generated);
    expect((await state(widgetPage)).messageCount).toBe(0);
    await expect
      .poll(async () => (await harness.admin.sessionStatus(generated)).status)
      .toBe("active");
    await expect
      .poll(async () => (await harness.admin.sessionStatus(oldSession)).status)
      .toBe("completed");

    const chosen = "4a1c7a53-9a55-4c4e-9f0c-3b7c6d1e2f10";
    expect(await callWidget(widgetPage, "startNewSession", chosen)).toBe(chosen);
    await widgetPage.waitForEvent("sessionStart", 3);
    await expect
      .poll(async () => (await harness.admin.sessionStatus(chosen)).status)
      .toBe("active");
    const complete = await widgetPage.ask(questions.lamp);
    expect(complete.sessionId).toBe(chosen);
  });

  it("the New conversation button starts a fresh session", async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    await widgetPage.ask(questions.lamp);
    const oldSession = (await state(widgetPage)).sessionId!;
    await widgetPage.button("New conversation").click();
    const ended = await widgetPage.waitForEvent("sessionEnd");
    expect(ended.sessionId).toBe(oldSession);
    await expect.poll(async () => (await state(widgetPage)).messageCount).toBe(0);
    expect(await widgetPage.messages().count()).toBe(0);
  });
});

describe("sessions the server ends", () => {
  it("a refused question ends the old session, starts a new one and sends the question again", async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    const first = await widgetPage.ask(questions.lamp);
    const oldSession = first.sessionId!;
    await harness.admin.request("POST", `/sessions/${oldSession}/end`, {});

    const second = await widgetPage.ask(questions.actions);
    const ended = (await widgetPage.payloads("sessionEnd")).at(-1)!;
    expectEventBase(ended, oldSession);
    expect(ended.messageCount).toBeGreaterThanOrEqual(2);
    const started = await widgetPage.payloads("sessionStart");
    expect(started).toHaveLength(2);
    expect(started[1]!.sessionId).not.toBe(oldSession);
    expect(second.sessionId).toBe(started[1]!.sessionId);
    const names = (await widgetPage.events()).map((event) => event.name);
    expect(names.lastIndexOf("sessionEnd")).toBeLessThan(names.lastIndexOf("sessionStart"));
    expect(second.answer).toContain("vextrapod");
    const transcript = await harness.admin.sessionTranscript(second.sessionId!);
    expect(transcript.turns.map((turn) => turn.query)).toEqual([questions.actions]);
  });

  it("opening the window notices a session the server ended", async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    const first = await widgetPage.ask(questions.lamp);
    await widgetPage.button("Close chat").click();
    await harness.admin.request("POST", `/sessions/${first.sessionId}/end`, {});
    await widgetPage.launcher().click();
    const ended = await widgetPage.waitForEvent("sessionEnd");
    expectEventBase(ended, first.sessionId);
    await widgetPage.page.locator("[data-nexus-notice]").first().waitFor({ state: "visible" });
  });
});

describe("subscriptions", () => {
  it("on returns an unsubscribe function; off and once work; a throwing handler breaks nothing", async () => {
    const widgetPage = await harness.openWidget({
      experienceId,
      afterInit: `
        window.__calls = { a: 0, b: 0, once: 0, unsubscribed: 0, afterThrow: 0 };
        const a = () => window.__calls.a++;
        widget.on("open", a);
        widget.on("open", () => { throw new Error("host handler failed"); });
        widget.on("open", () => window.__calls.afterThrow++);
        widget.on("close", () => window.__calls.b++);
        widget.once("open", () => window.__calls.once++);
        const unsubscribe = widget.on("open", () => window.__calls.unsubscribed++);
        unsubscribe();
        window.__offA = () => widget.off("open", a);
        window.__offClose = () => widget.off("close");
      `,
    });
    const calls = () =>
      widgetPage.page.evaluate(
        () => (window as unknown as { __calls: Record<string, number> }).__calls,
      );
    await widgetPage.launcher().click();
    await widgetPage.waitForEvent("open");
    await widgetPage.button("Close chat").click();
    await widgetPage.launcher().click();
    await widgetPage.waitForEvent("open", 2);
    expect(await calls()).toEqual({ a: 2, b: 1, once: 1, unsubscribed: 0, afterThrow: 2 });
    // The widget still works after the throwing handler, and said so on the console.
    expect(widgetPage.consoleLines.some((line) => line.startsWith("error:"))).toBe(true);
    expect(widgetPage.pageErrors).toEqual([]);

    await widgetPage.page.evaluate(() => {
      const host = window as unknown as { __offA(): void; __offClose(): void };
      host.__offA();
      host.__offClose();
    });
    await widgetPage.button("Close chat").click();
    await widgetPage.launcher().click();
    await widgetPage.waitForEvent("open", 3);
    expect(await calls()).toEqual({ a: 2, b: 1, once: 1, unsubscribed: 0, afterThrow: 3 });
    const answer = await widgetPage.ask(questions.lamp);
    expect(answer.answer).toContain("zorblax");
  });
});

describe("analytics", () => {
  const analyticsBodies = (id: string) =>
    harness.proxy.bodies.filter(
      (entry) =>
        entry.request === "POST /api/v2/analytics/events" &&
        entry.body.includes(`"experienceId":"${id}"`),
    );

  it("widget events reach the server's analytics endpoint, flushed when the page goes away", async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    const complete = await widgetPage.ask(questions.lamp);
    await widgetPage.page.goto("about:blank");
    await expect
      .poll(
        () =>
          analyticsBodies(experienceId)
            .map((entry) => entry.body)
            .join("\n"),
        { timeout: 10_000 },
      )
      .toContain('"messageComplete"');
    const reported = analyticsBodies(experienceId)
      .map((entry) => entry.body)
      .join("\n");
    expect(reported).toContain(complete.sessionId!);
  });

  it("advanced.analytics false sends no widget events", async () => {
    const quietExperienceId = uniqueExperienceId("quiet");
    await harness.admin.createExperienceWithDocuments(
      { id: quietExperienceId, name: "Quiet" },
      standardDocuments,
    );
    const widgetPage = await harness.openWidget({
      experienceId: quietExperienceId,
      config: { advanced: { analytics: false } },
    });
    await widgetPage.ask(questions.lamp);
    await widgetPage.page.goto("about:blank");
    // A page with analytics on, closed after it, proves beacons would have arrived by now.
    const control = await harness.openWidget({ experienceId });
    const before = analyticsBodies(experienceId).length;
    await control.ask(questions.lamp);
    await control.page.goto("about:blank");
    await expect
      .poll(() => analyticsBodies(experienceId).length, { timeout: 10_000 })
      .toBeGreaterThan(before);
    expect(analyticsBodies(quietExperienceId)).toEqual([]);
  });
});
