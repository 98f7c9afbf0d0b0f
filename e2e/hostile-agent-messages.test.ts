// Agents' messages are untrusted too: a console operator or an outside desk (a token with
// `agent:write`) may paste anything. The widget tests' hostile corpus (`support/hostile-corpus.ts`)
// goes to a visitor's widget as agent messages, through the console's API into a light-DOM widget
// and through the desk API into a shadow-DOM one, in Chromium; no payload may run script or
// navigate, before or after every link in them is clicked. The server drops links whose scheme it
// refuses before storing and sending a message (so none reaches the widget); the widget's own
// sanitiser faces the rest (scripts, handler attributes, SVG, frames, forms, meta refresh).
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  signInOperator,
  type SignedInOperator,
} from "../packages/server/test/support/console-sessions.js";
import { findUnsafeLinks } from "../packages/server/src/ingest/drop-unsafe-links.js";
import { LinkPolicy } from "../packages/server/src/ingest/link-policy.js";
import { AdminApi } from "./support/admin-api.js";
import { launchChromium } from "./support/chromium.js";
import { startConsoleServer, type ConsoleServer } from "./support/console-server.js";
import { buildHostPage } from "./support/host-page.js";
import { startHostPageServer, type HostPageServer } from "./support/host-page-server.js";
import { findDangerousNodes, payloads } from "./support/hostile-corpus.js";
import { questions, standardDocuments } from "./support/knowledge-base.js";
import { WidgetPage } from "./support/widget-page.js";

const experienceId = "hostile-agents";

let server: ConsoleServer;
let operator: SignedInOperator;
let hostPages: HostPageServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  hostPages = await startHostPageServer();
  server = await startConsoleServer({
    email: "owner@example.com",
    displayName: "Owner",
    role: "admin",
    password: "hostile agent messages e2e",
  });
  await new AdminApi(server.origin).createExperienceWithDocuments(
    { id: experienceId, name: "Lamp shop" },
    standardDocuments,
  );
  operator = await signInOperator(server.app, "agent@example.com", "agent");
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await hostPages?.close();
  await server?.close();
});

/** A visitor's widget that asked one question and then for a person; its session id. */
async function visitorInQueue(
  name: string,
  useShadowDOM: boolean,
): Promise<{ visitor: WidgetPage; sessionId: string; popups: Page[] }> {
  const context = await browser.newContext();
  context.setDefaultTimeout(15_000);
  contexts.push(context);
  const popups: Page[] = [];
  context.on("page", (popup) => popups.push(popup));
  const directory = `/${name}/`;
  const { html, script } = buildHostPage(
    {
      experienceId,
      apiUrl: `${server.origin}/api/v2`,
      config: {
        useShadowDOM,
        messages: {
          welcomeMessage: "Hello! Ask me anything.",
          welcomeActions: {
            actions: [
              {
                id: "person",
                label: "Talk to a person",
                action: { type: "trigger_handover", payload: { reason: "hostile agent test" } },
              },
            ],
          },
        },
      },
    },
    directory,
  );
  hostPages.addFile(`${directory}init.js`, { body: script, contentType: "text/javascript" });
  const url = hostPages.addFile(`${directory}index.html`, { body: html, contentType: "text/html" });
  // An agent online, so that the hand-over queues instead of offering to leave a message.
  expect((await operator.request("POST", "/inbox/presence")).statusCode).toBe(204);
  const visitor = new WidgetPage(await context.newPage());
  await visitor.page.goto(url);
  const answer = await visitor.ask(questions.lamp);
  await visitor.button("Talk to a person").click();
  await expect
    .poll(() => visitor.page.locator("[data-nexus-live-status]").textContent())
    .toMatch(/queue/);
  expect(answer.sessionId).toEqual(expect.any(String));
  return { visitor, sessionId: answer.sessionId ?? "", popups };
}

/** What `window.__pwned` holds: set only if a payload ever ran. */
function pwned(visitor: WidgetPage): Promise<unknown> {
  return visitor.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
}

/**
 * Sends every payload of the corpus with `send`, waits for each to be shown, and checks that
 * nothing ran, nothing dangerous is in the DOM, and clicking every link runs nothing either.
 */
async function sendCorpus(
  visitor: WidgetPage,
  popups: Page[],
  send: (text: string) => Promise<{ statusCode: number; body: string; text: string }>,
): Promise<void> {
  const startUrl = visitor.page.url();
  for (const [keyword, payload] of Object.entries(payloads)) {
    const before = await visitor.eventCount("agentMessage");
    const sent = await send(
      `The ${keyword} section starts here.\n\n${payload}\n\nThe ${keyword} section ends here.`,
    );
    expect(sent.statusCode, sent.body).toBe(201);
    // What was stored and published holds no link the server refuses to hand out.
    expect(findUnsafeLinks(sent.text, new LinkPolicy())).toEqual([]);
    await visitor.waitForEvent("agentMessage", before + 1);
    const shown = visitor.messages("assistant").filter({ hasText: `The ${keyword} section ends` });
    await expect.poll(() => shown.count(), { message: `${keyword} shown` }).toBe(1);
    // Let images fail to load and animations begin before judging.
    await visitor.page.waitForFunction(() =>
      Array.from(document.querySelectorAll("img")).every((image) => image.complete),
    );
    await visitor.page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 300))),
    );
    expect(await pwned(visitor), keyword).toBeUndefined();
  }

  const agentMessages = visitor.messages("assistant").filter({ hasText: /section starts here/ });
  expect(await agentMessages.count()).toBe(Object.keys(payloads).length);
  expect(await agentMessages.evaluateAll(findDangerousNodes)).toEqual([]);
  const links = agentMessages.locator("a");
  const count = await links.count();
  // The corpus's two relative links, at least, are kept and clickable.
  expect(count).toBeGreaterThanOrEqual(2);
  for (let index = 0; index < count; index += 1) {
    await links.nth(index).click({ force: true });
  }
  await visitor.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  expect(await pwned(visitor)).toBeUndefined();
  expect(visitor.page.url()).toBe(startUrl);
  // A relative link opens the host page's origin in a new tab; nothing may open a script or
  // data document (read once the tab has navigated: it starts as about:blank).
  for (const popup of popups) await popup.waitForLoadState("domcontentloaded");
  expect(popups.map((popup) => popup.url()).filter((url) => !/^https?:/.test(url))).toEqual([]);
  expect(visitor.pageErrors).toEqual([]);
}

describe("hostile agent messages", () => {
  it("from the console, never run script in a light-DOM widget, even when every link is clicked", async () => {
    const { visitor, sessionId, popups } = await visitorInQueue("console", false);
    const claimed = await operator.request("POST", `/conversations/${sessionId}/claim`);
    expect(claimed.statusCode, claimed.body).toBe(200);
    await sendCorpus(visitor, popups, async (text) => {
      const response = await operator.request("POST", `/conversations/${sessionId}/messages`, {
        text,
      });
      return { ...response, text: response.json<{ text: string }>().text };
    });
  });

  it("from an outside desk, never run script in a shadow-DOM widget, even when every link is clicked", async () => {
    const { visitor, sessionId, popups } = await visitorInQueue("desk", true);
    const token = await server.app.nexus.tokens.signAccessToken({
      clientId: "hostile-desk",
      scopes: ["agent:write"],
      experienceIds: [experienceId],
    });
    const desk = (path: string, payload: object) =>
      server.app.inject({
        method: "POST",
        url: `/api/v2/agent/sessions/${sessionId}/${path}`,
        headers: { authorization: `Bearer ${token}` },
        payload,
      });
    const joined = await desk("join", { agent: { name: "Desk" } });
    expect(joined.statusCode, joined.body).toBe(200);
    await sendCorpus(visitor, popups, async (text) => {
      const response = await desk("messages", { text });
      return { ...response, text: response.json<{ text: string }>().text };
    });
  });
});
