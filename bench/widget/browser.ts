import {
  chromium,
  type Browser,
  type BrowserContext,
  type CDPSession,
  type Page,
} from "playwright-core";
import { chromiumArguments, findChromium, missingChromiumHint } from "../../scripts/chromium.mjs";
import type { BenchServer } from "./bench-server.js";

export function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(`The widget bench needs Chromium. ${missingChromiumHint}`);
  return chromium.launch({ executablePath, args: chromiumArguments });
}

/** A page in a context of its own, with the Chrome DevTools Protocol session the metrics come from. */
export interface BenchPage {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  close(): Promise<void>;
}

/** A fresh browser context per run, so no cache, storage or warmed-up code carries over. */
export async function openBenchPage(browser: Browser): Promise<BenchPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  return { context, page, cdp, close: () => context.close() };
}

/** Chromium's page metrics; times in milliseconds, sizes in bytes. */
export interface PageMetrics {
  /** Main-thread task time since the renderer started. */
  taskDuration: number;
  scriptDuration: number;
  layoutDuration: number;
  recalcStyleDuration: number;
  jsHeapUsedSize: number;
  /** DOM nodes, text nodes included. */
  nodes: number;
}

export async function readMetrics(cdp: CDPSession): Promise<PageMetrics> {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const value = (name: string): number =>
    metrics.find((metric) => metric.name === name)?.value ?? 0;
  return {
    taskDuration: value("TaskDuration") * 1000,
    scriptDuration: value("ScriptDuration") * 1000,
    layoutDuration: value("LayoutDuration") * 1000,
    recalcStyleDuration: value("RecalcStyleDuration") * 1000,
    jsHeapUsedSize: value("JSHeapUsedSize"),
    nodes: value("Nodes"),
  };
}

/** Used JS heap after a full garbage collection, so only live objects count. */
export async function measureLiveHeap(cdp: CDPSession): Promise<number> {
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  return (await readMetrics(cdp)).jsHeapUsedSize;
}

/** Loads the widget host page and waits until the launcher is visible. */
export async function loadWidgetPage(benchPage: BenchPage, server: BenchServer): Promise<void> {
  await benchPage.page.goto(`${server.origin}/`, { waitUntil: "load" });
  await benchPage.page.waitForFunction(() => window.__nexusBench.launcherVisibleAt !== null, null, {
    timeout: 20_000,
    polling: 50,
  });
}

/** Opens the chat window through the public API and lets its opening work settle. */
export async function openWidget(benchPage: BenchPage): Promise<void> {
  await benchPage.page.evaluate(() => window.__nexusWidget.open());
  await benchPage.page.waitForFunction(
    () => window.__nexusBench.widgetScope()?.querySelector('[role="dialog"]') != null,
    null,
    { timeout: 10_000, polling: 50 },
  );
  await benchPage.page.waitForTimeout(300);
}
