// The examples/ folder, run for real: the plain HTML page as written, and the Vite apps built with
// Vite and opened in Chromium against a live server, so an example that drifts from the widget's
// API or behaviour fails here.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { build, defaultClientConditions } from "vite";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ApiServer } from "../support/api-server.js";
import { launchChromium } from "../support/chromium.js";
import { startHostPageServer, type HostPageServer } from "../support/host-page-server.js";
import { startDemoServer } from "./demo-server.js";
import { publishFolder } from "./static-site.js";

const examples = fileURLToPath(new URL("../../examples/", import.meta.url));
let server: ApiServer;
let pages: HostPageServer;
let browser: Browser;
let outputRoot: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startDemoServer();
  pages = await startHostPageServer();
  browser = await launchChromium();
  outputRoot = await mkdtemp(join(tmpdir(), "nexus-examples-"));
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await server?.close();
  if (outputRoot) await rm(outputRoot, { recursive: true, force: true });
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

/**
 * Builds one Vite example pointed at the test server and publishes it on the host-page server.
 * Workspace packages resolve to their sources, as in `npm run typecheck`, so no package has to
 * be built first.
 */
async function publishExample(name: string): Promise<string> {
  const outDir = join(outputRoot, name);
  await build({
    root: join(examples, name),
    configFile: join(examples, name, "vite.config.ts"),
    logLevel: "silent",
    base: `/${name}/`,
    resolve: { conditions: ["@nexus-chat/source", ...defaultClientConditions] },
    define: {
      "import.meta.env.VITE_NEXUS_API_URL": JSON.stringify(server.origin),
      "import.meta.env.VITE_NEXUS_EXPERIENCE_ID": JSON.stringify("demo"),
    },
    build: { outDir, emptyOutDir: true },
  });
  return publishFolder(pages, `/${name}/`, outDir);
}

async function askInWidget(page: Page | ReturnType<Page["locator"]>, question: string) {
  await page.getByRole("textbox", { name: "Message", exact: true }).fill(question);
  await page.getByRole("button", { name: "Send message", exact: true }).click();
}

describe("examples", () => {
  it("vanilla-html: the queue snippet keeps calls made before the bundle loads", async () => {
    const html = (await readFile(join(examples, "vanilla-html/index.html"), "utf8")).replaceAll(
      "http://127.0.0.1:8787",
      server.origin,
    );
    const url = pages.addFile("/vanilla-html/", {
      body: html,
      contentType: "text/html; charset=utf-8",
    });
    const page = await newPage();
    // Hold the bundle back until the page has called init() and on() on the stand-in.
    let releaseBundle = () => {};
    const bundleHeld = new Promise<void>((resolve) => (releaseBundle = resolve));
    await page.route(`${server.origin}/widget/nexus-chat-widget.js`, async (route) => {
      await bundleHeld;
      await route.continue();
    });
    await page.goto(url, { waitUntil: "domcontentloaded" });
    const queued = await page.evaluate(
      () => (window as unknown as { NexusChatWidget: { q?: unknown[] } }).NexusChatWidget.q?.length,
    );
    expect(queued).toBe(1);

    releaseBundle();
    await page.getByRole("button", { name: "Open chat", exact: true }).click();
    await page.getByText("The chat is open.").waitFor();
    await askInWidget(page, "How do I install the widget?");
    await page.getByText(/^Last answer: \d+ characters in \d+ ms\.$/).waitFor({ timeout: 20_000 });
  });

  it("esm-bundler: the Vite app imports the widget and gets typed events", async () => {
    const page = await newPage();
    await page.goto(await publishExample("esm-bundler"), { waitUntil: "load" });
    await page.getByRole("button", { name: "Ask “How do I install the widget?”" }).click();
    await page.getByText(/^Answered in \d+ ms \(\d+ characters\)\.$/).waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-nexus-role="user"]').first().textContent()).toContain(
      "How do I install the widget?",
    );
  });

  it("react-host: <NexusChat /> embeds the widget and reports events through callbacks", async () => {
    const page = await newPage();
    await page.goto(await publishExample("react-host"), { waitUntil: "load" });
    const host = page.locator("[data-nexus-chat-host]");
    await host.locator("[data-nexus-chat]").waitFor({ state: "attached" });
    // StrictMode mounts twice: the first widget must be gone.
    await expect.poll(() => page.locator("[data-nexus-chat]").count()).toBe(1);
    await askInWidget(host, "What is the demo experience?");
    await page.getByText(/^Last answer: \d+ characters in \d+ ms\.$/).waitFor({ timeout: 20_000 });
    await host.getByRole("button", { name: "Talk to a person" }).click();
    await page.getByText("An agent will join shortly.").waitFor();
  });

  it("analytics: events reach the GA4, Segment, Mixpanel and Sentry clients", async () => {
    const page = await newPage();
    const lines: string[] = [];
    page.on("console", (message) => lines.push(message.text()));
    await page.goto(await publishExample("analytics"), { waitUntil: "load" });
    await page.getByRole("button", { name: "Open chat", exact: true }).click();
    await askInWidget(page, "How do I install the widget?");
    await expect
      .poll(() => lines.some((line) => line.startsWith("[Segment] track Chat Message Completed")), {
        timeout: 20_000,
      })
      .toBe(true);
    expect(lines.some((line) => line.startsWith("[GA4] gtag event chat_open"))).toBe(true);
    expect(lines.some((line) => line.startsWith("[Mixpanel] track Chat Message Sent"))).toBe(true);
    expect(lines.some((line) => line.startsWith("[Sentry] breadcrumb"))).toBe(true);
  });
});
