// The operator console end to end: the built console served by the real server under its
// Content-Security-Policy, in a real Chromium. An admin signs in, creates an assistant, uploads
// two files and watches them reach done; three questions are asked (one the knowledge base cannot
// answer, one rated negative with a comment, one typed into the real widget on a host page of
// another origin); the console then shows them in Conversations, the
// rating and comment in the transcript, the unanswered question in Analytics with its count and
// the charts drawn; the CSV export holds them. axe audits every page in both themes.
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sessionSecretHeader, type QueryResponse } from "@nexus-chat/protocol";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditConsole } from "./support/axe.js";
import { launchChromium } from "./support/chromium.js";
import { startConsoleServer, type ConsoleServer } from "./support/console-server.js";
import { buildHostPage } from "./support/host-page.js";
import { startHostPageServer, type HostPageServer } from "./support/host-page-server.js";
import { WidgetPage } from "./support/widget-page.js";

const password = "console e2e password";

let server: ConsoleServer;
let origin: string;
let hostPages: HostPageServer;
let browser: Browser;
let page: Page;
const cspViolations: string[] = [];
let assistantId = "";

beforeAll(async () => {
  hostPages = await startHostPageServer();
  server = await startConsoleServer({
    email: "ada@example.com",
    displayName: "Ada",
    role: "admin",
    password,
  });
  ({ origin } = server);
  browser = await launchChromium();
  page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await hostPages?.close();
  await server?.close();
});

/** axe on the whole page in both themes; the previewed widget has its own audit. */
const auditBothThemes = () => auditConsole(page, [".preview"]);

const ask = async (text: string, sessionId?: string): Promise<QueryResponse> => {
  const response = await fetch(`${origin}/api/v2/query`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text, experienceId: assistantId, ...(sessionId && { sessionId }) }),
  });
  return (await response.json()) as QueryResponse;
};

/** Asks through the real widget (served by the server) on a host page of another origin. */
const askInWidget = async (text: string): Promise<void> => {
  const { html, script } = buildHostPage(
    { experienceId: assistantId, apiUrl: `${origin}/api/v2` },
    "/shop/",
  );
  hostPages.addFile("/shop/init.js", { body: script, contentType: "text/javascript" });
  const url = hostPages.addFile("/shop/index.html", { body: html, contentType: "text/html" });
  const host = await page.context().newPage();
  try {
    const widget = new WidgetPage(host);
    await host.goto(url);
    await widget.ask(text);
    await expect.poll(() => widget.lastAnswer().textContent()).toContain("Europe");
    expect(widget.pageErrors).toEqual([]);
  } finally {
    await host.close();
  }
};

/**
 * The screenshots of docs/console.md, taken when asked for:
 * `NEXUS_DOC_SCREENSHOTS=1 npx vitest run --project e2e e2e/console.test.ts`.
 */
async function screenshotForDocs(name: string): Promise<void> {
  if (process.env.NEXUS_DOC_SCREENSHOTS !== "1") return;
  const imagesDirectory = fileURLToPath(new URL("../docs/images/", import.meta.url));
  mkdirSync(imagesDirectory, { recursive: true });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `${imagesDirectory}console-${name}.png` });
}

describe("the operator console", () => {
  it("refuses a wrong password, then signs in", async () => {
    await page.goto(`${origin}/console`);
    await page.getByLabel("E-mail").fill("ada@example.com");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toBe("The e-mail or password is wrong.");
    expect(await auditBothThemes()).toEqual([]);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Conversations" }).waitFor();
  });

  it("creates an assistant with the keyboard, and previews the real widget beside the form", async () => {
    await page.getByRole("link", { name: "Assistants" }).click();
    await page.getByLabel("Name").fill("Outdoor Shop");
    await page.getByLabel("Welcome message").fill("Hello from the shop!");
    await page.getByLabel("Welcome message").press("Enter");
    await page.waitForURL(/#\/assistants\/outdoor-shop-/);
    assistantId = decodeURIComponent(page.url().split("/").pop() ?? "");
    await page.locator(".preview").getByText("Hello from the shop!").first().waitFor();
    expect(await page.locator("pre code").first().textContent()).toContain(
      `experienceId: "${assistantId}"`,
    );
    expect(await auditBothThemes()).toEqual([]);
    await screenshotForDocs("assistant");
  });

  it("uploads two files and shows their progress reaching done", async () => {
    await page.getByRole("link", { name: "Knowledge base", exact: true }).click();
    await page.locator('input[type="file"]').setInputFiles([
      {
        name: "returns.md",
        mimeType: "text/markdown",
        buffer: Buffer.from(
          "# Returns\n\nReturn unused items within 30 days for a full refund to your card.",
        ),
      },
      {
        name: "shipping.md",
        mimeType: "text/markdown",
        buffer: Buffer.from("# Shipping\n\nWe ship to every country in Europe within five days."),
      },
    ]);
    await expect
      .poll(() => page.locator(".uploads .status").allTextContents())
      .toEqual(["done: 1 passages", "done: 1 passages"]);
    await expect.poll(() => page.locator(".documents li").count()).toBe(2);
    await page.getByRole("button", { name: "Re-index all" }).click();
    await expect
      .poll(() => page.locator(".reindex").textContent())
      .toContain("Re-indexed the knowledge base: 2 passages.");
    await page.getByRole("button", { name: "Re-index Returns" }).click();
    await expect
      .poll(() => page.locator(".reindex").textContent())
      .toContain('Re-indexed "Returns": 1 passages.');
    expect(await auditBothThemes()).toEqual([]);
    await screenshotForDocs("knowledge");
  });

  it("shows the questions in Conversations, with the negative rating and its comment", async () => {
    const refund = await ask("How do I get a refund?");
    await askInWidget("Do you ship to Europe?");
    await ask("Can I pay with bitcoin?");
    // The session belongs to whoever holds its secret; the server gave it out with the answer.
    const feedback = await fetch(`${origin}/api/v2/query/feedback`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [sessionSecretHeader]: refund.sessionSecret ?? "",
      },
      body: JSON.stringify({
        queryId: refund.queryId,
        sessionId: refund.sessionId,
        rating: "negative",
        comment: "Which card?",
      }),
    });
    expect(feedback.ok).toBe(true);
    await page.getByRole("link", { name: "Conversations" }).click();
    await page.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => page.locator("tbody tr").count()).toBe(3);
    expect(await auditBothThemes()).toEqual([]);
    await screenshotForDocs("conversations");
    // The search finds the starts of words in questions and answers.
    await page.getByRole("searchbox", { name: "Search" }).fill("bitc");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => page.locator("tbody tr").count()).toBe(1);
    await page.getByRole("searchbox", { name: "Search" }).fill("");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => page.locator("tbody tr").count()).toBe(3);
    await page.getByRole("link", { name: "How do I get a refund?" }).click();
    await page.getByText("Rated not helpful: “Which card?”").waitFor();
    expect(await auditBothThemes()).toEqual([]);
    await screenshotForDocs("transcript");
  });

  it("shows the unanswered question in Analytics with its count, and the charts", async () => {
    await page.getByRole("link", { name: "Analytics" }).click();
    const total = (key: string) => page.locator(`[data-total="${key}"] dd`).textContent();
    await expect.poll(() => total("questions")).toBe("3");
    expect(await total("notAnswered")).toBe("1");
    expect(await total("negative")).toBe("1");
    expect(await total("conversations")).toBe("3");
    const unanswered = page
      .getByRole("region", { name: "Unanswered questions (content gaps)" })
      .or(page.locator("section.panel").filter({ hasText: "Unanswered questions" }));
    await expect
      .poll(() => unanswered.locator("tbody tr").first().textContent())
      .toBe("can i pay with bitcoin?1");
    expect(await page.locator(".chart canvas").count()).toBe(2);
    expect(await auditBothThemes()).toEqual([]);
    await screenshotForDocs("analytics");
  });

  it("exports the conversations as CSV", async () => {
    await page.getByRole("link", { name: "Conversations" }).click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    const path = await download.path();
    const csv = readFileSync(path, "utf8");
    expect(csv).toContain('"How do I get a refund?"');
    expect(csv).toContain('"Which card?"');
    expect(csv.trim().split("\r\n")).toHaveLength(4);
  });

  it("manages operators, and the pages raised no CSP violation", async () => {
    await page.getByRole("link", { name: "Operators & API clients" }).click();
    await page.getByRole("cell", { name: "ada@example.com" }).waitFor();
    expect(await auditBothThemes()).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
