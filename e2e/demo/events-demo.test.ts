// The live events demo at `/`, as `npm start` serves it: a newcomer uses the widget and the page's
// controls and sees each event appear in the log with its payload.
import { readFile } from "node:fs/promises";
import type { Browser, BrowserContextOptions } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "../support/admin-api.js";
import type { ApiServer } from "../support/api-server.js";
import { expectEventBase } from "../support/assertions.js";
import { launchChromium } from "../support/chromium.js";
import { actionsDocument, linksDocument, questions } from "../support/knowledge-base.js";
import { axeScriptPath } from "../support/paths.js";
import { DemoPage } from "./demo-page.js";
import { startDemoServer } from "./demo-server.js";

let server: ApiServer;
let browser: Browser;
const openContexts: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  server = await startDemoServer();
  // Besides the seeded docs, the demo's knowledge base gets two pages whose answers carry a
  // custom-protocol link and action buttons, so these tests do not depend on the docs' wording.
  await new AdminApi(server.origin).ingest("demo", [linksDocument, actionsDocument]);
  browser = await launchChromium();
});

afterEach(async () => {
  await Promise.all(openContexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openDemo(query = "", options: BrowserContextOptions = {}): Promise<DemoPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  openContexts.push(context);
  const page = await context.newPage();
  const demo = new DemoPage(page);
  await page.goto(`${server.origin}/${query}`, { waitUntil: "load" });
  await page.locator("[data-nexus-chat]").first().waitFor({ state: "attached" });
  return demo;
}

describe("the events demo", () => {
  it("logs messageStart, messageChunk and messageComplete with their payloads", async () => {
    const demo = await openDemo();
    const question = "Which events does the widget emit?";
    await demo.sendMessage(question);
    await demo.waitForEntry("messageComplete");

    const start = await demo.latestPayload("messageStart");
    expectEventBase(start);
    expect(start.message).toBe(question);

    const chunks = demo.entries("messageChunk");
    expect(await chunks.count()).toBeGreaterThan(0);
    const chunk = await demo.latestPayload("messageChunk");
    expect(typeof chunk.chunk).toBe("string");

    const complete = await demo.latestPayload("messageComplete");
    expectEventBase(complete, complete.sessionId as string);
    expect(complete.queryId).toBe(chunk.queryId);
    expect(String(complete.answer)).toContain(String(chunk.chunk));
    expect(complete.duration).toEqual(expect.any(Number));

    // Each entry names its group (for the colour), and the counters agree with the log.
    const entry = demo.entries("messageComplete").first();
    expect(await entry.getAttribute("data-event-group")).toBe("message");
    await expect.poll(() => demo.count("messageStart")).toBe(1);
    expect(await demo.count("messageChunk")).toBe(await chunks.count());
    expect(await demo.count("sessionStart")).toBe(1);
    await demo.lastAnswer().and(demo.page.locator('[data-status="complete"]')).waitFor();
    expect(demo.pageErrors).toEqual([]);
  });

  it("clicking a custom-protocol link in an answer shows linkClick", async () => {
    const demo = await openDemo();
    await demo.sendMessage(questions.links);
    await demo.waitForEntry("messageComplete");
    const startUrl = demo.page.url();

    await demo.lastAnswer().getByRole("link", { name: "Start the tour" }).click();
    await demo.waitForEntry("linkClick");
    expect(await demo.latestPayload("linkClick")).toMatchObject({
      href: "tour:id=123456",
      text: "Start the tour",
      protocol: "tour:",
      params: { id: "123456" },
    });
    // The page's own protocol handler ran, and nothing navigated.
    await expect.poll(() => demo.page.locator("#announcer").textContent()).toContain("tour:");
    expect(demo.page.url()).toBe(startUrl);
  });

  it("the suggested tour question brings back a tour: link from the docs", async () => {
    const demo = await openDemo();
    await demo.button("How do I take the guided tour?").click();
    await demo.waitForEntry("messageComplete");
    const tourLink = demo.lastAnswer().locator('a[href^="tour:"]').first();
    await tourLink.click();
    await demo.waitForEntry("linkClick");
    expect(await demo.latestPayload("linkClick")).toMatchObject({ protocol: "tour:" });
  });

  it("welcome action buttons show customAction and handover", async () => {
    const demo = await openDemo();
    await demo.button("open()").click();
    await demo.waitForEntry("open");

    await demo.button("Send a custom event").click();
    await demo.waitForEntry("customAction");
    expect(await demo.latestPayload("customAction")).toMatchObject({
      eventName: "demo_celebrate",
      eventData: { source: "welcome actions" },
      actionId: "welcome-custom-event",
    });

    await demo.button("Talk to a person").click();
    await demo.waitForEntry("handover");
    expect(await demo.latestPayload("handover")).toMatchObject({
      reason: "user_requested",
      priority: "normal",
      metadata: { source: "events demo" },
    });
  });

  it("action buttons under an answer show customAction", async () => {
    const demo = await openDemo();
    await demo.sendMessage(questions.actions);
    await demo.waitForEntry("messageComplete");
    await demo.lastAnswer().getByRole("button", { name: "Show animation" }).click();
    await demo.waitForEntry("customAction");
    expect(await demo.latestPayload("customAction")).toMatchObject({
      eventName: "show_animation",
      actionId: "animate",
    });
  });

  it("filters by group, pauses, downloads and clears the log", async () => {
    const demo = await openDemo();
    await demo.sendMessage("How do I install the widget?");
    await demo.waitForEntry("messageComplete");

    await demo.page.getByRole("checkbox", { name: "Message" }).uncheck();
    expect(await demo.entries("messageStart").first().isHidden()).toBe(true);
    expect(await demo.entries("sessionStart").first().isVisible()).toBe(true);
    await demo.page.getByRole("checkbox", { name: "Message" }).check();
    expect(await demo.entries("messageStart").first().isVisible()).toBe(true);

    const closesBefore = await demo.count("close");
    await demo.button("Pause log").click();
    expect(await demo.button("Pause log").getAttribute("aria-pressed")).toBe("true");
    await demo.button("close()").click();
    await expect
      .poll(() => demo.page.locator("#log-status").textContent())
      .toMatch(/^Paused: 1 event/);
    expect(await demo.count("close")).toBe(closesBefore);
    await demo.button("Pause log").click();
    await demo.button("open()").click();
    await expect.poll(() => demo.count("open")).toBeGreaterThan(0);

    const [download] = await Promise.all([
      demo.page.waitForEvent("download"),
      demo.button("Download JSON").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^nexus-chat-events-.*\.json$/);
    const recording = JSON.parse(await readFile(await download.path(), "utf8")) as {
      events: { name: string; group: string; payload: Record<string, unknown> }[];
      counts: Record<string, number>;
    };
    const names = recording.events.map((event) => event.name);
    expect(names).toEqual(
      expect.arrayContaining(["messageStart", "messageChunk", "messageComplete"]),
    );
    expect(recording.counts.messageStart).toBe(1);
    expect(recording.events.find((event) => event.name === "messageStart")?.payload.message).toBe(
      "How do I install the widget?",
    );

    await demo.button("Clear log").click();
    expect(await demo.entries().count()).toBe(0);
    expect(await demo.count("messageComplete")).toBe(0);
  });

  it("instance methods show their events, and destroy then init re-creates the widget", async () => {
    const demo = await openDemo();
    await demo.button("open()").click();
    await demo.waitForEntry("open");
    await demo.button("maximize()").click();
    await demo.waitForEntry("maximize");
    await demo.button("minimize()").click();
    await demo.waitForEntry("minimize");
    await demo.sendMessage("What is the message interceptor?");
    await demo.waitForEntry("messageComplete");
    await demo.button("clearChat()").click();
    await demo.waitForEntry("sessionClear");
    await demo.waitForEntry("sessionEnd");

    await demo.button("destroy()").click();
    await expect.poll(() => demo.page.locator("[data-nexus-chat]").count()).toBe(0);
    expect(await demo.button("open()").isDisabled()).toBe(true);
    await demo.button("init()").click();
    await expect.poll(() => demo.page.locator("[data-nexus-chat]").count()).toBe(1);
    await demo.button("open()").click();
    await expect.poll(() => demo.count("open")).toBe(2);
  });

  it("presets switch to an embedded, dark, shadow-DOM widget with a disclaimer", async () => {
    const demo = await openDemo();
    await demo.page.getByRole("radio", { name: "Embedded panel" }).check();
    await demo.page.getByRole("radio", { name: "Dark" }).check();
    await demo.page.getByRole("checkbox", { name: "Shadow DOM" }).check();
    await demo.page.getByRole("checkbox", { name: "Disclaimer" }).check();
    expect(new URL(demo.page.url()).searchParams.get("layout")).toBe("embedded");

    const root = demo.page.locator("#embedded-chat [data-nexus-chat]");
    await root.waitFor({ state: "attached" });
    expect(await root.evaluate((element) => element.shadowRoot !== null)).toBe(true);
    expect(await demo.page.locator("html").getAttribute("data-theme")).toBe("dark");

    await demo.button("I agree").click();
    await demo.waitForEntry("disclaimerAccept");
    expect(await demo.latestPayload("disclaimerAccept")).toMatchObject({ experienceId: "demo" });
  });

  it("the handle-locally interceptor answers on the page with its own actions", async () => {
    const demo = await openDemo("?interceptor=local");
    await demo.sendMessage("Where is my order?");
    await demo.lastAnswer().getByText("The page answered this itself").waitFor();
    await demo.waitForEntry("messageStart");
    expect(await demo.entries("messageChunk").count()).toBe(0);
    await demo.lastAnswer().getByRole("button", { name: "Fire a custom event" }).click();
    await demo.waitForEntry("customAction");
    expect(await demo.latestPayload("customAction")).toMatchObject({
      eventName: "interceptor_button",
    });
  });

  it("the throwing interceptor shows an interceptor error and keeps the message", async () => {
    const demo = await openDemo("?interceptor=throw");
    await demo.sendMessage("How do I install the widget?");
    await demo.waitForEntry("error");
    expect(await demo.latestPayload("error")).toMatchObject({
      type: "interceptor",
      message: "The demo's interceptor failed on purpose",
    });
    // The interceptor may exist to stop messages, so nothing was sent, and nothing was lost.
    expect(await demo.entries("messageStart").count()).toBe(0);
    await demo.page
      .locator('[data-nexus-role="user"]')
      .getByText("How do I install the widget?")
      .waitFor();
  });

  const layouts = [
    { name: "embedded, light, on a phone", query: "?layout=embedded", width: 390, height: 844 },
    {
      name: "floating and open, dark, on a desktop",
      query: "?theme=dark",
      width: 1280,
      height: 900,
    },
  ];
  for (const layout of layouts) {
    it(`is accessible and fits the screen: ${layout.name}`, async () => {
      const demo = await openDemo(layout.query, {
        viewport: { width: layout.width, height: layout.height },
      });
      await demo.sendMessage("How do I install the widget?");
      await demo.waitForEntry("messageComplete");
      // Evaluated over DevTools: the page's strict CSP (no inline scripts) refuses a script tag.
      await demo.page.evaluate(await readFile(axeScriptPath, "utf8"));
      const violations = await demo.page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run(
                context: unknown,
                options: unknown,
              ): Promise<{
                violations: { id: string; impact: string; nodes: { target: unknown }[] }[];
              }>;
            };
          }
        ).axe;
        // The page around the widget; the widget's own audit is e2e/accessibility.test.ts.
        const result = await axe.run(
          { exclude: [["[data-nexus-chat]"]] },
          { resultTypes: ["violations"] },
        );
        return result.violations.map(
          (violation) =>
            `${violation.id} (${violation.impact}) ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
        );
      });
      expect(violations).toEqual([]);
      const overflow = await demo.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});
