// The conversation survives a reload and follows the user across tabs (unless tab sync is off);
// destroy() leaves nothing behind: no nodes, no listeners, no channels, no intervals.
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { useHarness, uniqueExperienceId } from "./support/harness.js";
import { questions, standardDocuments } from "./support/knowledge-base.js";
import type { WidgetPage } from "./support/widget-page.js";

const harness = useHarness();
let experienceId: string;

beforeAll(async () => {
  experienceId = uniqueExperienceId("persistence");
  await harness.admin.createExperienceWithDocuments(
    { id: experienceId, name: "Persistence" },
    standardDocuments,
  );
});

interface StateSnapshot {
  sessionId: string | null;
  messageCount: number;
}

function state(widgetPage: WidgetPage): Promise<StateSnapshot> {
  return widgetPage.page.evaluate(() => {
    const snapshot = (
      window as unknown as { widget: { getState(): StateSnapshot } }
    ).widget.getState();
    return { sessionId: snapshot.sessionId, messageCount: snapshot.messageCount };
  });
}

async function messageIds(widgetPage: WidgetPage): Promise<(string | null)[]> {
  return widgetPage
    .messages()
    .evaluateAll((elements) => elements.map((element) => element.getAttribute("data-message-id")));
}

describe("persistence and tabs", () => {
  it("a reload keeps the session and the transcript", async () => {
    const widgetPage = await harness.openWidget({ experienceId });
    const first = await widgetPage.ask(questions.lamp);
    const idsBefore = await messageIds(widgetPage);
    expect(idsBefore).toHaveLength(2);

    await widgetPage.page.reload();
    await widgetPage.openWindow();
    await expect.poll(() => messageIds(widgetPage)).toEqual(idsBefore);
    expect(await widgetPage.lastAnswer().textContent()).toContain("soft dry cloth");
    expect(await state(widgetPage)).toEqual({ sessionId: first.sessionId, messageCount: 2 });

    const second = await widgetPage.ask(questions.actions);
    expect(second.sessionId).toBe(first.sessionId);
    expect(await widgetPage.eventCount("sessionStart")).toBe(0);
    const transcript = await harness.admin.sessionTranscript(first.sessionId!);
    expect(transcript.turns).toHaveLength(2);
    // Tokens never reach storage; the session does.
    const stored = await widgetPage.page.evaluate(() => Object.keys(localStorage));
    expect(stored.every((key) => key.startsWith(`nexus-chat:`))).toBe(true);
  });

  it("a message sent in one tab appears in the other; handlers run only where it happened", async () => {
    const context = await harness.newContext();
    const url = harness.hostPage({ experienceId, config: { accessToken: "secret-token-value" } });
    const first = await harness.openPage(context, url);
    const second = await harness.openPage(context, url);
    await second.openWindow();

    const complete = await first.ask(questions.lamp);
    await expect.poll(() => second.messages().count(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => second.lastAnswer().textContent()).toContain("soft dry cloth");
    await expect.poll(async () => (await state(second)).sessionId).toBe(complete.sessionId);
    expect(await second.eventCount("messageStart")).toBe(0);
    expect(await second.eventCount("messageComplete")).toBe(0);

    // The second tab continues the same conversation.
    const next = await second.ask(questions.actions);
    expect(next.sessionId).toBe(complete.sessionId);
    await expect.poll(() => first.messages().count()).toBe(4);

    const storage = await first.page.evaluate(() =>
      JSON.stringify({ ...localStorage, ...sessionStorage }),
    );
    expect(storage).not.toContain("secret-token-value");
  });

  it("disableTabSync keeps tabs apart", async () => {
    const context = await harness.newContext();
    const url = harness.hostPage({ experienceId, config: { disableTabSync: true } });
    const first = await harness.openPage(context, url);
    const second = await harness.openPage(context, url);
    await second.openWindow();
    await first.ask(questions.lamp);
    await first.ask(questions.actions);
    // Give any message that would cross over ample time to arrive.
    await second.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 1000)));
    expect(await second.messages().count()).toBe(0);
    expect((await state(second)).sessionId).toBeNull();
  });
});

/** Counts BroadcastChannels and intervals the page opens, before any page script runs. */
const resourceCounter = `
  (() => {
    const openChannels = new Set();
    const NativeChannel = window.BroadcastChannel;
    window.BroadcastChannel = class extends NativeChannel {
      constructor(name) { super(name); openChannels.add(this); }
      close() { openChannels.delete(this); return super.close(); }
    };
    const intervals = new Set();
    const nativeSetInterval = window.setInterval.bind(window);
    const nativeClearInterval = window.clearInterval.bind(window);
    window.setInterval = (...args) => { const id = nativeSetInterval(...args); intervals.add(id); return id; };
    window.clearInterval = (id) => { intervals.delete(id); return nativeClearInterval(id); };
    // Observers still watching a node of the page keep running; ones on removed nodes do not.
    const observers = new Map();
    for (const name of ["MutationObserver", "ResizeObserver", "IntersectionObserver"]) {
      const Native = window[name];
      if (!Native) continue;
      window[name] = class extends Native {
        observe(target, ...rest) {
          // Only the widget's observers count (test tooling may observe the page too).
          if (!String(new Error().stack).includes("nexus-chat-widget.js")) return super.observe(target, ...rest);
          if (!observers.has(this)) observers.set(this, []);
          observers.get(this).push(target);
          return super.observe(target, ...rest);
        }
        disconnect() { observers.delete(this); return super.disconnect(); }
      };
    }
    window.__resources = () => ({
      channels: openChannels.size,
      intervals: intervals.size,
      observersOnPageNodes: Array.from(observers.values()).filter((targets) => targets.some((target) => target.isConnected)).length,
    });
  })();
`;

/**
 * Event listeners that page scripts (the widget's bundle, the host page) hold on the window and the
 * document's top nodes, as `script-file: type`. Listeners of Playwright's own injected scripts,
 * which have no URL, are left out.
 */
async function listenerTypes(page: Page): Promise<Record<string, string[]>> {
  const cdp = await page.context().newCDPSession(page);
  const scriptUrls = new Map<string, string>();
  cdp.on("Debugger.scriptParsed", (script) => scriptUrls.set(script.scriptId, script.url));
  await cdp.send("Debugger.enable");
  const result: Record<string, string[]> = {};
  for (const target of [
    "window",
    "document",
    "document.documentElement",
    "document.head",
    "document.body",
  ]) {
    const { result: handle } = await cdp.send("Runtime.evaluate", { expression: target });
    const { listeners } = await cdp.send("DOMDebugger.getEventListeners", {
      objectId: handle.objectId!,
      depth: 0,
    });
    result[target] = listeners
      .map((listener) => ({ type: listener.type, url: scriptUrls.get(listener.scriptId) ?? "" }))
      .filter((listener) => listener.url.startsWith("http"))
      .map((listener) => `${new URL(listener.url).pathname.split("/").pop()}: ${listener.type}`)
      .sort();
  }
  await cdp.send("Debugger.disable");
  await cdp.detach();
  return result;
}

function nodeCount(page: Page): Promise<number> {
  return page.evaluate(
    () => document.getElementsByTagName("*").length + document.head.childNodes.length,
  );
}

describe("destroy()", () => {
  for (const useShadowDOM of [false, true]) {
    it(`leaves no nodes, listeners, channels or intervals${useShadowDOM ? " (shadow DOM)" : ""}`, async () => {
      const context = await harness.newContext();
      await context.addInitScript({ content: resourceCounter });
      const widgetPage = await harness.openPage(
        context,
        harness.hostPage({ experienceId, initialize: false, config: { useShadowDOM } }),
      );
      const page = widgetPage.page;
      const nodesBefore = await nodeCount(page);
      const listenersBefore = await listenerTypes(page);
      const resourcesBefore = await page.evaluate(() =>
        (window as unknown as { __resources(): unknown }).__resources(),
      );

      await page.evaluate(() => {
        const host = window as unknown as {
          NexusChatWidget: { init(config: unknown): unknown };
          __config: unknown;
          widget: unknown;
          __recordWidget(widget: unknown): void;
        };
        host.widget = host.NexusChatWidget.init(host.__config);
        host.__recordWidget(host.widget);
      });
      await widgetPage.ask(questions.lamp);
      await widgetPage.input().fill("half typed");
      await widgetPage.button("Expand window").click();
      await widgetPage.button("Close chat").click();
      expect(await nodeCount(page)).toBeGreaterThan(nodesBefore);
      // The listener probe sees the widget's own listeners while it lives (so it can fail).
      const listenersAlive = Object.values(await listenerTypes(page)).flat();
      expect(listenersAlive.some((entry) => entry.startsWith("nexus-chat-widget.js"))).toBe(true);
      // Tab sync follows the chat through the storage event (its probe is the listener above).
      expect(listenersAlive).toContain("nexus-chat-widget.js: storage");

      await page.evaluate(() =>
        (window as unknown as { widget: { destroy(): void } }).widget.destroy(),
      );
      await widgetPage.waitForEvent("sessionEnd");
      expect(await page.locator("[data-nexus-chat]").count()).toBe(0);
      expect(await nodeCount(page)).toBe(nodesBefore);
      expect(await listenerTypes(page)).toEqual(listenersBefore);
      expect(
        await page.evaluate(() => (window as unknown as { __resources(): unknown }).__resources()),
      ).toEqual(resourcesBefore);
      const leftoverStyles = await page.evaluate(
        () =>
          Array.from(document.styleSheets).filter((sheet) => {
            try {
              return Array.from(sheet.cssRules).some((rule) => rule.cssText.includes(".nxc-"));
            } catch {
              return false;
            }
          }).length + document.adoptedStyleSheets.length,
      );
      expect(leftoverStyles).toBe(0);
      // Nothing fires any more.
      const eventsAfter = await widgetPage.events();
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
      expect((await widgetPage.events()).length).toBe(eventsAfter.length);
      expect(widgetPage.pageErrors).toEqual([]);
    });
  }
});
