// The documentation's "Complete Example" runs unchanged against our widget and server: the page
// loads the example's exact code, a scripted conversation drives the widget, and the console lines
// the example prints are checked.
import { beforeAll, describe, expect, it } from "vitest";
import type { ConsoleMessage } from "playwright-core";
import { useHarness } from "./support/harness.js";
import { documentationExample } from "./support/documentation-example.js";
import {
  actionsDocument,
  linksDocument,
  lampCareDocument,
  questions,
} from "./support/knowledge-base.js";

const harness = useHarness();
// The example's own values: the experience id exists on the test server, and requests to the
// example's API host are answered by the test server (through the browser's request routing).
const documentedExperienceId = "your-experience-id";
const documentedApiOrigin = "https://nexus-api.uat.knowbl.com";

beforeAll(async () => {
  await harness.admin.createExperienceWithDocuments(
    { id: documentedExperienceId, name: "Documentation example" },
    [lampCareDocument, linksDocument, actionsDocument],
  );
});

interface ConsoleEntry {
  type: string;
  values: unknown[];
}

describe("the events documentation's Complete Example", () => {
  it("prints the documented lines for a scripted conversation", async () => {
    const example = documentationExample("Complete Example");
    expect(example).toContain('widget.on("messageComplete"');
    const context = await harness.newContext({
      permissions: ["clipboard-read", "clipboard-write"],
    });
    await context.route(`${documentedApiOrigin}/**`, async (route) => {
      const url = new URL(route.request().url());
      const response = await route.fetch({
        url: `${harness.proxy.origin}${url.pathname}${url.search}`,
      });
      await route.fulfill({ response });
    });
    const url = harness.hostPage({
      experienceId: documentedExperienceId,
      initialize: false,
      // The analytics parts call these third-party globals; the page provides recording stand-ins.
      beforeInit: `
        window.__analytics = [];
        window.gtag = function () { window.__analytics.push(["gtag"].concat([].slice.call(arguments))); };
        window.mixpanel = { track: function (name, properties) { window.__analytics.push(["mixpanel", name, properties]); } };
        window.analytics = { track: function (name, properties) { window.__analytics.push(["segment", name, properties]); } };
        ${example}
      `,
    });
    const page = await context.newPage();
    const entries: Promise<ConsoleEntry>[] = [];
    page.on("console", (message: ConsoleMessage) => {
      entries.push(
        Promise.all(message.args().map((argument) => argument.jsonValue())).then((values) => ({
          type: message.type(),
          values,
        })),
      );
    });
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    await page.goto(url);
    await page.getByRole("button", { name: "Open chat", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Chat" });
    await dialog.waitFor({ state: "visible" });

    const lines = async () => Promise.all(entries);
    const linesStartingWith = async (text: string) =>
      (await lines()).filter((entry) => String(entry.values[0]).startsWith(text));
    const waitForLine = async (text: string, count = 1) => {
      await expect
        .poll(async () => (await linesStartingWith(text)).length, { timeout: 15_000 })
        .toBeGreaterThanOrEqual(count);
      return (await linesStartingWith(text)).at(-1)!;
    };

    expect((await waitForLine("Widget opened")).values).toEqual(["Widget opened", null]);

    // Type, pause, then send.
    const input = page.getByRole("textbox", { name: "Message", exact: true });
    await input.click();
    await page.keyboard.type("zorb", { delay: 20 });
    // One line per keystroke (or fewer, if the widget throttles); the last says 4 characters.
    await expect
      .poll(async () => (await linesStartingWith("User typing...")).at(-1)?.values)
      .toEqual(["User typing...", 4, "characters"]);
    expect((await waitForLine("User stopped typing")).values).toEqual(["User stopped typing"]);
    await input.fill(questions.lamp);
    await page.getByRole("button", { name: "Send message", exact: true }).click();

    expect((await waitForLine("User message:")).values).toEqual(["User message:", questions.lamp]);
    const sessionLine = await waitForLine("Session started:");
    const sessionId = sessionLine.values[1] as string;
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const response = (await waitForLine("AI response:")).values[1] as {
      answer: string;
      queryId: string;
      duration: number;
    };
    expect(response.answer).toContain("soft dry cloth");
    expect(typeof response.queryId).toBe("string");
    expect(response.duration).toBeGreaterThanOrEqual(0);

    // Feedback and copy on the answer.
    const answer = page.locator('[data-nexus-role="assistant"]').last();
    const messageId = await answer.getAttribute("data-message-id");
    await answer.getByRole("button", { name: "Helpful", exact: true }).click();
    expect((await waitForLine("User feedback:")).values).toEqual([
      "User feedback:",
      "positive",
      "for message",
      messageId,
    ]);
    await answer.getByRole("button", { name: "Copy answer", exact: true }).click();
    expect((await waitForLine("User copied message:")).values).toEqual([
      "User copied message:",
      messageId,
    ]);

    // A tour link.
    await input.fill(questions.links);
    await page.getByRole("button", { name: "Send message", exact: true }).click();
    await waitForLine("AI response:", 2);
    await page
      .locator('[data-nexus-role="assistant"]')
      .last()
      .getByRole("link", { name: "Start the tour" })
      .click();
    expect((await waitForLine("Link clicked:")).values[1]).toEqual({
      href: "tour:id=123456",
      text: "Start the tour",
      protocol: "tour:",
      params: { id: "123456" },
    });
    expect((await waitForLine("Guided tour requested:")).values).toEqual([
      "Guided tour requested:",
      "123456",
    ]);

    // Action buttons from the answer's actions frame.
    await input.fill(questions.actions);
    await page.getByRole("button", { name: "Send message", exact: true }).click();
    await waitForLine("AI response:", 3);
    await page.getByRole("button", { name: "Show animation", exact: true }).click();
    expect((await waitForLine("Custom action triggered:")).values[1]).toEqual({
      eventName: "show_animation",
      actionId: "animate",
      eventData: { speed: "fast" },
    });
    await waitForLine("Showing animation...");
    await page.getByRole("button", { name: "Talk to a person", exact: true }).click();
    expect((await waitForLine("Agent handover requested:")).values[1]).toEqual({
      sessionId,
      reason: "escalation",
      priority: "high",
      metadata: { tier: "gold" },
    });
    await waitForLine("High priority handover - notifying agents immediately");

    // Window size, new conversation, close.
    await page.getByRole("button", { name: "Expand window", exact: true }).click();
    expect((await waitForLine("Widget maximized from")).values).toEqual([
      "Widget maximized from",
      "normal",
    ]);
    await page.getByRole("button", { name: "Shrink window", exact: true }).click();
    expect((await waitForLine("Widget minimized from")).values).toEqual([
      "Widget minimized from",
      "expanded",
    ]);
    await page.getByRole("button", { name: "New conversation", exact: true }).click();
    const ended = (await waitForLine("Session ended:")).values[1] as Record<string, unknown>;
    expect(ended.sessionId).toBe(sessionId);
    expect(ended.messageCount).toBe(6);
    expect(ended.duration).toEqual(expect.any(Number));
    await page.getByRole("button", { name: "Close chat", exact: true }).click();
    await waitForLine("Widget closed");

    // Nothing went wrong along the way, and the analytics parts ran too.
    expect(await linesStartingWith("Widget error:")).toEqual([]);
    expect(pageErrors).toEqual([]);
    const analytics = (await page.evaluate(
      () => (window as unknown as { __analytics: unknown[][] }).__analytics,
    )) as unknown[][];
    expect(analytics).toContainEqual([
      "gtag",
      "event",
      "chat_session_start",
      { session_id: sessionId },
    ]);
    expect(analytics.some((call) => call[0] === "mixpanel" && call[1] === "Chat Feedback")).toBe(
      true,
    );
    expect(
      analytics.some((call) => call[0] === "segment" && call[1] === "Chat Message Completed"),
    ).toBe(true);
  });
});
