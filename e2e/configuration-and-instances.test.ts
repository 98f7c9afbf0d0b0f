// Configuration as a site owner meets it: options stored with the experience merged under the
// page's own, warnings for mistyped options, and several independent widgets on one page.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { useHarness, uniqueExperienceId } from "./support/harness.js";
import { questions, standardDocuments } from "./support/knowledge-base.js";

const harness = useHarness();
let experienceId: string;
let remoteExperienceId: string;

beforeAll(async () => {
  experienceId = uniqueExperienceId("config");
  await harness.admin.createExperienceWithDocuments(
    { id: experienceId, name: "Config" },
    standardDocuments,
  );
  remoteExperienceId = uniqueExperienceId("remote");
  await harness.admin.createExperienceWithDocuments(
    {
      id: remoteExperienceId,
      name: "Remote config",
      widget: {
        button: { ariaLabel: "Remote launcher" },
        window: { header: { title: "Remote title" } },
        input: { placeholder: "Ask the remote assistant" },
      },
    },
    standardDocuments,
  );
});

describe("configuration", () => {
  it("lists an answer's sources under it only when features.sources is on", async () => {
    const sourcedExperienceId = uniqueExperienceId("sources");
    await harness.admin.createExperienceWithDocuments(
      { id: sourcedExperienceId, name: "Sources" },
      [
        {
          title: "Plumbix manual",
          url: "https://example.com/plumbix",
          content: "# Plumbix manual\n\nThe plumbix valve turns clockwise to close.",
        },
      ],
    );
    const question = "Which way does the plumbix valve turn?";

    const plain = await harness.openWidget({ experienceId: sourcedExperienceId });
    await plain.ask(question);
    // The retrieval engine's answer names its sources itself; no second list by default.
    expect(await plain.lastAnswer().textContent()).toContain("Plumbix manual");
    expect(await plain.page.getByRole("list", { name: "Sources" }).count()).toBe(0);

    const listed = await harness.openWidget({
      experienceId: sourcedExperienceId,
      config: { features: { sources: true } },
    });
    await listed.ask(question);
    const link = listed.page
      .getByRole("list", { name: "Sources" })
      .getByRole("link", { name: "Plumbix manual" });
    expect(await link.getAttribute("href")).toBe("https://example.com/plumbix");
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
  });

  it("options stored with the experience apply, and the page's own options win", async () => {
    const widgetPage = await harness.openWidget({
      experienceId: remoteExperienceId,
      config: { button: { ariaLabel: "Page launcher" } },
    });
    const launcher = widgetPage.page.getByRole("button", { name: "Page launcher", exact: true });
    await launcher.click();
    const dialog = widgetPage.page.getByRole("dialog", { name: "Remote title" });
    await dialog.waitFor({ state: "visible" });
    await expect
      .poll(() => widgetPage.input().getAttribute("placeholder"))
      .toBe("Ask the remote assistant");
    expect(await widgetPage.page.getByRole("button", { name: "Remote launcher" }).count()).toBe(0);
  });

  it("apiUrl works with or without /api/v2 and with a trailing slash", async () => {
    const origin = new URL(harness.apiUrl).origin;
    for (const apiUrl of [origin, `${origin}/`, `${origin}/api/v2/`]) {
      const widgetPage = await harness.openWidget({ experienceId, apiUrl });
      expect((await widgetPage.ask(questions.lamp)).answer, apiUrl).toContain("soft dry cloth");
    }
  });

  it("an unknown or mistyped option warns, naming it, and the widget still works", async () => {
    const widgetPage = await harness.openWidget({
      experienceId,
      config: { colour: "red", window: { hieght: 500 }, features: { copy: "yes" } },
    });
    const warnings = () => widgetPage.consoleLines.filter((line) => line.startsWith("warning:"));
    await expect.poll(() => warnings().some((line) => line.includes("colour"))).toBe(true);
    expect(warnings().some((line) => line.includes("hieght"))).toBe(true);
    expect(warnings().some((line) => line.includes("copy"))).toBe(true);
    expect(widgetPage.pageErrors).toEqual([]);
    expect((await widgetPage.ask(questions.lamp)).answer).toContain("soft dry cloth");
  });
});

describe("several widgets on one page", () => {
  it("a floating and an embedded widget of two experiences work independently", async () => {
    const widgetPage = await harness.openWidget({
      experienceId,
      body: '<section aria-label="Help panel"><div id="chat-slot" style="height: 520px"></div></section>',
      afterInit: `
        window.embeddedWidget = window.NexusChatWidget.init(window.__mergeOptions(
          { experienceId: ${JSON.stringify(remoteExperienceId)}, apiUrl: window.__config.apiUrl },
          { embedded: true, container: "#chat-slot", window: { header: { title: "Embedded help" } } }
        ));
        window.__recordWidget(window.embeddedWidget, "embedded");
      `,
    });
    const page = widgetPage.page;
    const slot = page.locator("#chat-slot");
    const embedded = slot.getByRole("textbox", { name: "Message", exact: true });
    await embedded.waitFor({ state: "visible" });
    expect(await widgetPage.dialog().isVisible()).toBe(false);

    await embedded.fill(questions.lamp);
    await slot.getByRole("button", { name: "Send message", exact: true }).click();
    await page.waitForFunction(() =>
      (window as unknown as { __events: { name: string; widget: string }[] }).__events.some(
        (event) => event.name === "messageComplete" && event.widget === "embedded",
      ),
    );
    const events = await widgetPage.events();
    expect(
      events.filter((event) => event.widget === "main" && event.name.startsWith("message")),
    ).toEqual([]);
    expect(await slot.locator('[data-nexus-role="assistant"]').count()).toBe(1);

    // The floating widget keeps its own conversation and session.
    await widgetPage.launcher().click();
    const floatingDialog = widgetPage.dialog();
    await floatingDialog.waitFor({ state: "visible" });
    expect(await floatingDialog.locator("[data-nexus-role]").count()).toBe(0);
    await floatingDialog
      .getByRole("textbox", { name: "Message", exact: true })
      .fill(questions.actions);
    await floatingDialog.getByRole("button", { name: "Send message", exact: true }).click();
    await widgetPage.waitForEvent("messageComplete", 2);
    const completes = (await widgetPage.events("messageComplete")).map((event) => event);
    const [first, second] = completes;
    expect(first!.widget).not.toBe(second!.widget);
    expect(first!.payload.sessionId).not.toBe(second!.payload.sessionId);

    // Destroying one leaves the other working.
    await page.evaluate(() =>
      (window as unknown as { embeddedWidget: { destroy(): void } }).embeddedWidget.destroy(),
    );
    expect(await slot.locator("[data-nexus-chat]").count()).toBe(0);
    await floatingDialog
      .getByRole("textbox", { name: "Message", exact: true })
      .fill(questions.lamp);
    await floatingDialog.getByRole("button", { name: "Send message", exact: true }).click();
    await widgetPage.waitForEvent("messageComplete", 3);
    expect(widgetPage.pageErrors).toEqual([]);
  });
});

/** The loader snippet of the getting-started guide, verbatim: the first inline script of its HTML. */
function loaderSnippet(): string {
  const guide = readFileSync(
    fileURLToPath(new URL("../docs/getting-started.md", import.meta.url)),
    "utf8",
  );
  const match = /```html\n<script>\n([\s\S]*?q: \[\][\s\S]*?)<\/script>/.exec(guide);
  if (!match?.[1]) throw new Error("No loader snippet in docs/getting-started.md");
  return match[1];
}

describe("loading", () => {
  it("calls made through the documented loader before the bundle arrives are replayed", async () => {
    const context = await harness.newContext();
    let releaseBundle: () => void = () => undefined;
    const bundleGate = new Promise<void>((resolve) => (releaseBundle = resolve));
    await context.route("**/widget/nexus-chat-widget.js", async (route) => {
      await bundleGate;
      await route.continue();
    });
    const apiOrigin = new URL(harness.apiUrl).origin;
    const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Async host</title></head>
<body><main><h1>Async host</h1></main>
<script>
${loaderSnippet()}</script>
<script async src="${apiOrigin}/widget/nexus-chat-widget.js"></script>
<script>
  window.__events = [];
  var widget = window.NexusChatWidget.init({ experienceId: ${JSON.stringify(experienceId)}, apiUrl: ${JSON.stringify(apiOrigin)} });
  widget.on("open", function (payload) { window.__events.push({ name: "open", payload: payload }); });
  widget.on("messageComplete", function (payload) { window.__events.push({ name: "messageComplete", payload: payload }); });
  widget.open();
  widget.sendMessage(${JSON.stringify(questions.lamp)});
  window.widget = widget;
</script>
</body></html>`;
    const url = harness.pages.addFile("/async-loader/", {
      body: page,
      contentType: "text/html; charset=utf-8",
    });
    const tab = await context.newPage();
    await tab.goto(url, { waitUntil: "domcontentloaded" });
    // Still the stand-in: the calls are queued, nothing rendered yet.
    expect(
      await tab.evaluate(
        () =>
          (window as unknown as { NexusChatWidget: { q?: unknown[] } }).NexusChatWidget.q?.length,
      ),
    ).toBe(1);
    expect(await tab.locator("[data-nexus-chat]").count()).toBe(0);

    releaseBundle();
    await tab.getByRole("dialog", { name: "Chat" }).waitFor({ state: "visible" });
    await tab.waitForFunction(() =>
      (window as unknown as { __events: { name: string }[] }).__events.some(
        (event) => event.name === "messageComplete",
      ),
    );
    const names = await tab.evaluate(() =>
      (window as unknown as { __events: { name: string }[] }).__events.map((event) => event.name),
    );
    expect(names).toEqual(["open", "messageComplete"]);
    // The object the page kept now drives the real widget.
    const state = await tab.evaluate(() =>
      (
        window as unknown as { widget: { getState(): { isOpen: boolean; messageCount: number } } }
      ).widget.getState(),
    );
    expect(state).toMatchObject({ isOpen: true, messageCount: 2 });
  });
});
