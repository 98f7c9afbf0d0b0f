// A long conversation stays light: the widget's event listeners do not grow with the number of
// turns (one listener per event type on its root), only the end of the transcript is in the DOM,
// with "Show earlier messages" for the rest, and only its latest events are in memory, the rest
// in storage, while the state keeps every message.
import { describe, expect, it } from "vitest";
import type { WidgetPage } from "./support/widget-page.js";
import { useHarness, uniqueExperienceId } from "./support/harness.js";

const harness = useHarness();

/** Answers every question in the page, with markdown, a link and two action buttons. */
const localAnswers = `({
  advanced: {
    messageInterceptor: (message, context) => (window.eventsInMemory = context.store.events.value.length, {
      handled: true,
      response: {
        text: "**Answer** to _" + message + "_ with [a link](https://example.com/" + message.length + ").",
        actions: {
          actions: [
            { id: "a", label: "More", action: { type: "send_event", eventName: "more" } },
            { id: "b", label: "Agent", action: { type: "send_event", eventName: "agent" } },
          ],
        },
      },
    }),
  },
})`;

/** Event listeners on the widget's root and every node under it, as Chromium counts them. */
async function widgetListeners(widgetPage: WidgetPage): Promise<number> {
  const cdp = await widgetPage.page.context().newCDPSession(widgetPage.page);
  const { result } = await cdp.send("Runtime.evaluate", {
    expression: "document.querySelector('[data-nexus-chat]')",
  });
  const { listeners } = await cdp.send("DOMDebugger.getEventListeners", {
    objectId: result.objectId as string,
    depth: -1,
    pierce: true,
  });
  await cdp.detach();
  return listeners.length;
}

async function converse(widgetPage: WidgetPage, from: number, to: number): Promise<void> {
  await widgetPage.page.evaluate(
    async ([first, last]) => {
      const widget = (window as unknown as { widget: { sendMessage(text: string): Promise<void> } })
        .widget;
      for (let turn = first; turn <= last; turn++) await widget.sendMessage(`question ${turn}`);
    },
    [from, to] as const,
  );
  // Let the last render reach the DOM.
  await widgetPage.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
}

describe("a long conversation", () => {
  it("keeps the same listeners after 50 and after 200 turns, and a bounded DOM", async () => {
    const widgetPage = await harness.openWidget({
      experienceId: uniqueExperienceId("long"),
      config: { features: { copy: true } },
      configSource: localAnswers,
    });
    await widgetPage.openWindow();
    await converse(widgetPage, 1, 50);
    const after50 = await widgetListeners(widgetPage);
    await converse(widgetPage, 51, 200);
    const after200 = await widgetListeners(widgetPage);
    expect(after200).toBe(after50);
    expect(after200).toBeLessThan(40);

    const page = widgetPage.page;
    expect(
      await page.evaluate(
        () =>
          (
            window as unknown as { widget: { getState(): { messages: unknown[] } } }
          ).widget.getState().messages.length,
      ),
    ).toBe(400);
    const shown = () => page.locator("[data-message-id]").count();
    const firstShown = await shown();
    expect(firstShown).toBeLessThanOrEqual(50);
    // Action buttons of an answer still work through the one listener.
    await widgetPage.lastAnswer().getByRole("button", { name: "More" }).click();
    expect(await widgetPage.waitForEvent("customAction")).toMatchObject({ eventName: "more" });
    // The rest is one click away, and the oldest question comes back with enough clicks.
    const earlier = widgetPage.button("Show earlier messages");
    await earlier.click();
    await expect.poll(shown).toBeGreaterThan(firstShown);
    while (await earlier.isVisible()) await earlier.click();
    await expect.poll(shown).toBe(400);
    expect(await widgetPage.messages("user").first().textContent()).toBe("question 1");
  });

  it("keeps only the latest events in memory, and a reload reads the rest back on demand", async () => {
    const widgetPage = await harness.openWidget({
      experienceId: uniqueExperienceId("long-reload"),
      configSource: localAnswers,
    });
    const page = widgetPage.page;
    await widgetPage.openWindow();
    await converse(widgetPage, 1, 120);
    const inMemory = () =>
      page.evaluate(() => (window as unknown as { eventsInMemory: number }).eventsInMemory);
    // The interceptor of turn 120 saw the store's events: far fewer than the 238 before it.
    expect(await inMemory()).toBeLessThan(200);
    type State = { messageCount: number; messages: { text?: string }[] };
    const state = () =>
      page.evaluate(() => {
        const { messageCount, messages } = (
          window as unknown as { widget: { getState(): State } }
        ).widget.getState();
        return { messageCount, count: messages.length, first: messages[0]?.text };
      });
    expect(await state()).toEqual({ messageCount: 240, count: 240, first: "question 1" });

    await page.reload();
    await widgetPage.openWindow();
    await expect.poll(() => widgetPage.messages().count()).toBeGreaterThan(0);
    expect(await state()).toEqual({ messageCount: 240, count: 240, first: "question 1" });
    await converse(widgetPage, 121, 121);
    expect(await inMemory()).toBeLessThan(200);
    expect(await state()).toMatchObject({ messageCount: 242, count: 242 });

    const earlier = widgetPage.button("Show earlier messages");
    while (await earlier.isVisible()) await earlier.click();
    await expect.poll(() => page.locator("[data-message-id]").count()).toBe(242);
    const questions = await widgetPage
      .messages("user")
      .evaluateAll((elements) => elements.map((element) => element.textContent));
    expect(questions).toEqual(Array.from({ length: 121 }, (_, index) => `question ${index + 1}`));
  });
});
