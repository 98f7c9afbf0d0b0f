// The console's Knowledge base fed from a website, end to end: a small site served on loopback by
// this test, the built console under its CSP in a real Chromium. An admin crawls the site from
// its start page through the form (driven by the keyboard) and sees the job reach done and the
// pages in the documents list (robots.txt keeps one out); then repeats its sitemap every day,
// sees the crawl's result and its import, changes the site, crawls now, and deletes the source.
// axe audits the page in both themes.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "./support/admin-api.js";
import { auditConsole } from "./support/axe.js";
import { launchChromium } from "./support/chromium.js";
import { startConsoleServer, type ConsoleServer } from "./support/console-server.js";

const password = "console web e2e password";

const article = (title: string, text: string, links = "") =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body>` +
  `<nav>${links}</nav><main><article><h1>${title}</h1>${`<p>${text}</p>`.repeat(3)}` +
  `</article></main><footer>Trail Outfitters</footer></body></html>`;

/** The site as the test has it now; the test changes it between crawls. */
const site = new Map<string, { type: string; body: string }>();
let siteOrigin = "";

function buildSite(): void {
  const html = (body: string) => ({ type: "text/html; charset=utf-8", body });
  site.set(
    "/",
    html(
      article(
        "Trail Outfitters",
        "We sell outdoor gear for hikers and campers.",
        '<a href="/tents">Tents</a> <a href="/stoves">Stoves</a> <a href="/staff">Staff</a>',
      ),
    ),
  );
  site.set("/tents", html(article("Tents", "Our tents sleep two to six people and weigh little.")));
  site.set("/stoves", html(article("Stoves", "Camping stoves burn gas or wood and fold small.")));
  site.set("/staff", html(article("Staff only", "This page is for the staff.")));
  site.set("/guides", html(article("Guides", "Our guides lead walks in the Alps every summer.")));
  site.set("/robots.txt", { type: "text/plain", body: "User-agent: *\nDisallow: /staff\n" });
}

const sitemap = () =>
  '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' +
  ["/tents", "/stoves", "/guides"]
    .map((path) => `<url><loc>${siteOrigin}${path}</loc></url>`)
    .join("") +
  "</urlset>";

let siteServer: Server;
let server: ConsoleServer;
let browser: Browser;
let page: Page;
const cspViolations: string[] = [];
const assistantId = "outfitters";

beforeAll(async () => {
  buildSite();
  siteServer = createServer((request, response) => {
    const path = new URL(request.url ?? "/", siteOrigin).pathname;
    if (path === "/sitemap.xml") {
      response.writeHead(200, { "content-type": "application/xml" }).end(sitemap());
      return;
    }
    const entry = site.get(path);
    if (!entry) response.writeHead(404).end("not found");
    else response.writeHead(200, { "content-type": entry.type }).end(entry.body);
  });
  await new Promise<void>((resolve) => siteServer.listen(0, "127.0.0.1", resolve));
  siteOrigin = `http://127.0.0.1:${(siteServer.address() as AddressInfo).port}`;
  server = await startConsoleServer({
    email: "ada@example.com",
    displayName: "Ada",
    role: "admin",
    password,
  });
  await new AdminApi(server.origin).createExperience({ id: assistantId, name: "Outfitters" });
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(20_000);
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  // "Delete" asks to confirm.
  page.on("dialog", (dialog) => void dialog.accept());
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise((resolve) => siteServer?.close(resolve));
});

const documentTitles = () => page.locator(".documents .title").allTextContents();

describe("the console's knowledge base fed from a website", { timeout: 90_000 }, () => {
  it("crawls a site from its start page through the form, and lists its pages", async () => {
    await page.goto(`${server.origin}/console`);
    await page.getByLabel("E-mail").fill("ada@example.com");
    await page.getByLabel("Password").fill(password);
    await page.getByLabel("Password").press("Enter");
    await page.getByRole("heading", { name: "Conversations" }).waitFor();
    await page.goto(`${server.origin}/console#/knowledge/${assistantId}`);
    await page.getByRole("group", { name: "Import from the web" }).waitFor();

    // By the keyboard: the start page, then Tab to the depth and the page limit, Enter sends.
    const start = page.getByLabel("Start page", { exact: true });
    await start.fill(`${siteOrigin}/`);
    await start.press("Tab");
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("1");
    await page.keyboard.press("Tab");
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("10");
    await page.keyboard.press("Enter");

    await expect
      .poll(() => page.locator(".uploads .status").allTextContents())
      .toEqual(["done: 3 passages (1 pages skipped)"]);
    await expect
      .poll(async () => (await documentTitles()).sort())
      .toEqual(["Stoves", "Tents", "Trail Outfitters"]);
    expect(await auditConsole(page)).toEqual([]);
  });

  it("repeats a sitemap every day, shows each crawl's result and import, crawls now and deletes it", async () => {
    await page.getByLabel("Pages from").selectOption("sitemap");
    await page.getByLabel("Sitemap address").fill(`${siteOrigin}/sitemap.xml`);
    await page.getByLabel("Repeat").selectOption({ label: "Every day" });
    await page.getByRole("button", { name: "Import" }).click();

    const row = page.locator(".web-sources tbody tr");
    await expect.poll(() => row.count()).toBe(1);
    await expect
      .poll(() => row.locator(".source-name").textContent())
      .toBe(`sitemap ${siteOrigin}/sitemap.xml`);
    // The first crawl reads the three pages; only the guides are new to the knowledge base.
    await expect
      .poll(() => row.locator(".last-crawl").textContent())
      .toMatch(/3 new or changed, 0 unchanged, 0 removed, 0 skipped\s+done: 1 passages$/);
    await expect.poll(async () => (await documentTitles()).length).toBe(4);
    expect(await row.locator("td").nth(1).textContent()).toBe("every day");
    expect(await auditConsole(page)).toEqual([]);

    // The stoves page changes; "Crawl now" fetches it again and imports only that page.
    site.set("/stoves", {
      type: "text/html",
      body: article("Stoves", "Camping stoves now come with a wind shield and a pot."),
    });
    await row.getByRole("button", { name: /^Crawl now: / }).click();
    await expect
      .poll(() => row.locator(".last-crawl").textContent())
      .toMatch(/1 new or changed, 2 unchanged, 0 removed, 0 skipped\s+done: 1 passages$/);

    await row.getByRole("button", { name: /^Delete / }).click();
    await expect.poll(() => row.count()).toBe(0);
    // Its documents stay.
    expect((await documentTitles()).length).toBe(4);
    expect(cspViolations).toEqual([]);
  });
});
