// Links and action buttons in answers: custom-protocol links never navigate, fire linkClick with
// parsed parameters and call the page's handler; web links open safely in a new tab; buttons from
// the answer's actions frame and from the welcome message do what their type says.
import { beforeAll, describe, expect, it } from "vitest";
import { expectEventBase } from "./support/assertions.js";
import { useHarness, uniqueExperienceId } from "./support/harness.js";
import { questions, standardDocuments } from "./support/knowledge-base.js";

const harness = useHarness();
let experienceId: string;

beforeAll(async () => {
  experienceId = uniqueExperienceId("links");
  await harness.admin.createExperienceWithDocuments(
    { id: experienceId, name: "Links and actions" },
    standardDocuments,
  );
});

const protocolHandlers = `({
  advanced: {
    customProtocolHandlers: {
      "tour:": (params, event) => {
        window.__handled = window.__handled || [];
        window.__handled.push({ protocol: "tour:", params, isMouseEvent: event instanceof MouseEvent });
      },
      "livechat:": (params) => {
        window.__handled = window.__handled || [];
        window.__handled.push({ protocol: "livechat:", params });
      },
    },
  },
})`;

describe("links in answers", () => {
  it("custom-protocol links fire linkClick, call the handler and never navigate", async () => {
    const widgetPage = await harness.openWidget({ experienceId, configSource: protocolHandlers });
    const popups: string[] = [];
    widgetPage.page.context().on("page", (popup) => popups.push(popup.url()));
    const complete = await widgetPage.ask(questions.links);
    const sessionId = complete.sessionId;
    const answer = widgetPage.lastAnswer();
    const startUrl = widgetPage.page.url();

    await answer.getByRole("link", { name: "Start the tour" }).click();
    const tour = await widgetPage.waitForEvent("linkClick");
    expectEventBase(tour, sessionId);
    expect(tour).toMatchObject({
      href: "tour:id=123456",
      text: "Start the tour",
      protocol: "tour:",
      params: { id: "123456" },
    });

    await answer.getByRole("link", { name: "talk to an agent" }).click();
    expect(await widgetPage.waitForEvent("linkClick", 2)).toMatchObject({
      href: "action:escalate-to-agent",
      protocol: "action:",
      params: { value: "escalate-to-agent" },
    });
    await answer.getByRole("link", { name: "open billing chat" }).click();
    expect(await widgetPage.waitForEvent("linkClick", 3)).toMatchObject({
      protocol: "livechat:",
      params: { department: "billing", priority: "high" },
    });
    await answer.getByRole("link", { name: "run the flow" }).click();
    expect((await widgetPage.waitForEvent("linkClick", 4)).params).toEqual({ flowId: "12 34" });

    const handled = await widgetPage.page.evaluate(
      () => (window as unknown as { __handled: unknown[] }).__handled,
    );
    expect(handled).toEqual([
      { protocol: "tour:", params: { id: "123456" }, isMouseEvent: true },
      { protocol: "livechat:", params: { department: "billing", priority: "high" } },
    ]);
    expect(widgetPage.page.url()).toBe(startUrl);
    expect(popups).toEqual([]);
    // Link clicks reach the server's analytics.
    await expect
      .poll(
        () =>
          harness.proxy.requests.filter((line) => line === "POST /api/v2/analytics/link-clicks")
            .length,
      )
      .toBeGreaterThanOrEqual(4);
  });

  it("web links open in a new tab without access to the page, and fire linkClick", async () => {
    const context = await harness.newContext();
    await context.route("https://example.com/**", (route) =>
      route.fulfill({ contentType: "text/html", body: "<title>Guide</title><p>guide</p>" }),
    );
    const widgetPage = await harness.openPage(context, harness.hostPage({ experienceId }));
    await widgetPage.ask(questions.links);
    const link = widgetPage.lastAnswer().getByRole("link", { name: "read the quillonary guide" });
    expect(await link.getAttribute("href")).toBe("https://example.com/guide?topic=tours&level=2");
    expect(await link.getAttribute("target")).toBe("_blank");
    const rel = ((await link.getAttribute("rel")) ?? "").split(/\s+/);
    expect(rel).toEqual(expect.arrayContaining(["noopener", "noreferrer"]));

    const popupPromise = context.waitForEvent("page");
    await link.click();
    const popup = await popupPromise;
    await popup.waitForLoadState();
    expect(popup.url()).toBe("https://example.com/guide?topic=tours&level=2");
    expect(await popup.evaluate(() => window.opener)).toBeNull();
    const click = await widgetPage.waitForEvent("linkClick");
    expect(click).toMatchObject({
      href: "https://example.com/guide?topic=tours&level=2",
      text: "read the quillonary guide",
      protocol: "https:",
      params: { topic: "tours", level: "2" },
    });
  });
});

describe("action buttons", () => {
  it("from the actions frame: customAction with oneTimeUse, handover recorded by the server, send_query", async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    const complete = await widgetPage.ask(questions.actions);
    const sessionId = complete.sessionId!;

    const animate = widgetPage.button("Show animation");
    await animate.click();
    const custom = await widgetPage.waitForEvent("customAction");
    expectEventBase(custom, sessionId);
    expect(custom).toMatchObject({
      eventName: "show_animation",
      eventData: { speed: "fast" },
      actionId: "animate",
    });
    // One-time use: the button cannot fire again.
    await expect.poll(() => animate.isDisabled()).toBe(true);
    await animate.click({ force: true }).catch(() => undefined);
    expect(await widgetPage.eventCount("customAction")).toBe(1);

    expect((await harness.admin.sessionStatus(sessionId)).handoverRequested).toBe(false);
    await widgetPage.button("Talk to a person").click();
    const handover = await widgetPage.waitForEvent("handover");
    expectEventBase(handover, sessionId);
    expect(handover).toMatchObject({
      reason: "escalation",
      priority: "high",
      metadata: { tier: "gold" },
    });
    await expect
      .poll(async () => (await harness.admin.sessionStatus(sessionId)).handoverRequested)
      .toBe(true);
    // Not one-time: still usable.
    expect(await widgetPage.button("Talk to a person").isDisabled()).toBe(false);

    await widgetPage.button("Lamp care").click();
    const lamp = await widgetPage.waitForEvent("messageComplete", 2);
    expect(lamp.answer).toContain("soft dry cloth");
    expect(await widgetPage.messages("user").last().textContent()).toContain(
      "Tell me about lamp care",
    );
    const transcript = await harness.admin.sessionTranscript(sessionId);
    expect(transcript.turns.map((turn) => turn.query)).toEqual([questions.actions, questions.lamp]);
  });

  it("welcome actions work before any session exists; the welcome bubble opens the window", async () => {
    const widgetPage = await harness.openWidget({
      experienceId,
      config: {
        messages: {
          welcomeMessage: "Hello! Need help?",
          welcomeMessageDisplay: "bubble",
          welcomeActions: {
            actions: [
              {
                id: "talk-to-agent",
                label: "Talk to Agent",
                action: {
                  type: "trigger_handover",
                  payload: {
                    reason: "user_requested",
                    priority: "normal",
                    metadata: { source: "welcome_message" },
                  },
                },
              },
              {
                id: "say-hi",
                label: "Say hi",
                action: { type: "send_event", eventName: "say_hi" },
              },
              {
                id: "ask-lamp",
                label: "Ask about the lamp",
                action: { type: "send_query", query: questions.lamp },
              },
            ],
          },
        },
      },
    });
    const bubble = widgetPage.page.locator("[data-nexus-welcome-bubble]");
    await bubble.waitFor({ state: "visible" });
    expect(await bubble.textContent()).toContain("Hello! Need help?");
    await bubble.click();
    await widgetPage.dialog().waitFor({ state: "visible" });
    await widgetPage.waitForEvent("open");
    expect(await widgetPage.dialog().textContent()).toContain("Hello! Need help?");

    await widgetPage.button("Talk to Agent").click();
    const handover = await widgetPage.waitForEvent("handover");
    expectEventBase(handover, null);
    expect(handover).toMatchObject({
      reason: "user_requested",
      priority: "normal",
      metadata: { source: "welcome_message" },
    });
    await widgetPage.button("Say hi").click();
    const custom = await widgetPage.waitForEvent("customAction");
    expect(custom).toMatchObject({ eventName: "say_hi", actionId: "say-hi", eventData: {} });
    await widgetPage.button("Ask about the lamp").click();
    expect((await widgetPage.waitForEvent("messageComplete")).answer).toContain("soft dry cloth");
  });

  it("the welcome bubble can be dismissed", async () => {
    const widgetPage = await harness.openWidget({
      experienceId,
      config: { messages: { welcomeMessage: "Hi there", welcomeMessageDisplay: "bubble" } },
    });
    const bubble = widgetPage.page.locator("[data-nexus-welcome-bubble]");
    await bubble.waitFor({ state: "visible" });
    await widgetPage.button("Dismiss").click();
    await bubble.waitFor({ state: "hidden" });
    expect(await widgetPage.dialog().isVisible()).toBe(false);
  });
});
