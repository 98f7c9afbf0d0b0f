// One test file's world: the real API, a fault-injecting proxy in front of it, a host-page server
// on another origin, and a Chromium. `useHarness()` registers the hooks that start and stop them.
import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, BrowserContextOptions } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { AdminApi } from "./admin-api.js";
import { startApiServer, type ApiServer } from "./api-server.js";
import { launchChromium } from "./chromium.js";
import { startFaultProxy, type FaultProxy } from "./fault-proxy.js";
import { buildHostPage, type HostPageOptions } from "./host-page.js";
import { startHostPageServer, type HostPageServer } from "./host-page-server.js";
import { WidgetPage } from "./widget-page.js";

export interface Harness {
  api: ApiServer;
  proxy: FaultProxy;
  pages: HostPageServer;
  admin: AdminApi;
  browser: Browser;
  /** The `apiUrl` widgets use: the proxy's origin with `/api/v2`. */
  apiUrl: string;
  /** A fresh browser context, closed after the test. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** Publishes a host page; returns its URL. */
  hostPage(
    options: Omit<HostPageOptions, "apiUrl"> & { apiUrl?: string },
    headers?: Record<string, string>,
  ): string;
  /** Opens a host page in a new tab of `context` and waits for it to load. */
  openPage(context: BrowserContext, url: string): Promise<WidgetPage>;
  /** A fresh context with one host page open. */
  openWidget(
    options: Omit<HostPageOptions, "apiUrl"> & { apiUrl?: string },
    contextOptions?: BrowserContextOptions,
  ): Promise<WidgetPage>;
}

export function useHarness(): Harness {
  const contexts: BrowserContext[] = [];
  const harness = {} as Harness;

  beforeAll(async () => {
    harness.api = await startApiServer();
    harness.proxy = await startFaultProxy(harness.api.origin);
    harness.pages = await startHostPageServer();
    harness.admin = new AdminApi(harness.api.origin);
    harness.browser = await launchChromium();
    harness.apiUrl = `${harness.proxy.origin}/api/v2`;
  });

  afterEach(async () => {
    harness.proxy.setRule(undefined);
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  afterAll(async () => {
    await harness.browser?.close();
    await harness.pages?.close();
    await harness.proxy?.close();
    await harness.api?.close();
  });

  harness.newContext = async (options) => {
    const context = await harness.browser.newContext(options);
    // Fail fast and say what was awaited, well inside the test's own timeout.
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    return context;
  };
  harness.hostPage = (options, headers) => {
    const directory = `/pages/${randomUUID()}/`;
    const { html, script } = buildHostPage({ apiUrl: harness.apiUrl, ...options }, directory);
    harness.pages.addFile(`${directory}init.js`, {
      body: script,
      contentType: "text/javascript; charset=utf-8",
    });
    return harness.pages.addFile(directory, {
      body: html,
      contentType: "text/html; charset=utf-8",
      headers,
    });
  };
  harness.openPage = async (context, url) => {
    const page = await context.newPage();
    const widgetPage = new WidgetPage(page);
    await page.goto(url, { waitUntil: "load" });
    return widgetPage;
  };
  harness.openWidget = async (options, contextOptions) => {
    const context = await harness.newContext(contextOptions);
    return harness.openPage(context, harness.hostPage(options));
  };
  return harness;
}

/** A unique experience id for one test. */
export function uniqueExperienceId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
