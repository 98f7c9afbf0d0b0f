// A visitor handed over to a person, end to end (issue 13, parts 3 and 5): the real server, the
// built widget on a host page of another origin in one browser context, and the built console in
// a second context where an agent is signed in to the Inbox. The agent claims the conversation,
// types and answers; the visitor sees the place in the queue, "typing…", the agent's name and
// message (hostile markdown stays inert), answers back, and has the assistant again once the agent
// ends. Each new widget event fires once with its documented payload; axe finds nothing to report
// on the widget with an agent in the conversation.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "./support/admin-api.js";
import { expectEventBase } from "./support/assertions.js";
import { launchChromium } from "./support/chromium.js";
import { startConsoleServer, type ConsoleServer } from "./support/console-server.js";
import { buildHostPage } from "./support/host-page.js";
import { startHostPageServer, type HostPageServer } from "./support/host-page-server.js";
import { questions, standardDocuments } from "./support/knowledge-base.js";
import { auditConsole, auditWidget } from "./support/axe.js";
import { WidgetPage } from "./support/widget-page.js";

const password = "live agent e2e password";
const experienceId = "live-e2e";

let server: ConsoleServer;
let origin: string;
let hostPages: HostPageServer;
let browser: Browser;
let agentContext: BrowserContext;
let visitorContext: BrowserContext;
let console_: Page;
let visitor: WidgetPage;

beforeAll(async () => {
  hostPages = await startHostPageServer();
  server = await startConsoleServer({
    email: "ada@example.com",
    displayName: "Ada",
    role: "agent",
    password,
  });
  ({ origin } = server);
  await new AdminApi(origin).createExperienceWithDocuments(
    { id: experienceId, name: "Lamp shop" },
    standardDocuments,
  );
  browser = await launchChromium();
  agentContext = await browser.newContext();
  agentContext.setDefaultTimeout(15_000);
  visitorContext = await browser.newContext();
  visitorContext.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await hostPages?.close();
  await server?.close();
});

/** Agent messages whose markup must stay text: a script that ran would set this global. */
const hostileAgentText =
  'Hello, I am **Ada**. <img src="x" alt="x" onerror="window.__pwned = 1"> <script>window.__pwned = 3</script> [click](javascript:window.__pwned=2)';

describe("a visitor handed over to a person", () => {
  it("an agent signs in to the Inbox and counts as online", async () => {
    console_ = await agentContext.newPage();
    await console_.goto(`${origin}/console`);
    await console_.getByLabel("E-mail").fill("ada@example.com");
    await console_.getByLabel("Password").fill(password);
    await console_.getByRole("button", { name: "Sign in" }).click();
    await console_.getByRole("link", { name: "Inbox" }).click();
    await expect
      .poll(() => console_.getByRole("heading", { name: "Inbox", level: 1 }).isVisible())
      .toBe(true);
    await expect
      .poll(() => console_.getByRole("heading", { name: /Waiting \(0\)/ }).isVisible())
      .toBe(true);
  });

  it("the visitor asks for a person and sees the place in the queue", async () => {
    const { html, script } = buildHostPage(
      {
        experienceId,
        apiUrl: `${origin}/api/v2`,
        config: {
          messages: {
            welcomeMessage: "Hello! Ask me anything.",
            welcomeActions: {
              actions: [
                {
                  id: "person",
                  label: "Talk to a person",
                  action: { type: "trigger_handover", payload: { reason: "wants a person" } },
                },
              ],
            },
          },
        },
      },
      "/shop/",
    );
    hostPages.addFile("/shop/init.js", { body: script, contentType: "text/javascript" });
    const url = hostPages.addFile("/shop/index.html", { body: html, contentType: "text/html" });
    visitor = new WidgetPage(await visitorContext.newPage());
    await visitor.page.goto(url);
    await visitor.ask(questions.lamp);
    await visitor.button("Talk to a person").click();
    await expect
      .poll(() => visitor.page.locator("[data-nexus-live-status]").textContent())
      .toBe("You are number 1 in the queue.");
    expect(await visitor.eventCount("handover")).toBe(1);
  });

  it("the agent sees it waiting live, with the visitor's page, and claims it", async () => {
    const waiting = console_.getByRole("region", { name: /Waiting/ });
    await expect.poll(() => waiting.getByRole("link").count()).toBe(1);
    await waiting.getByRole("link").click();
    await expect.poll(() => console_.getByText("/shop/index.html").first().isVisible()).toBe(true);
    await expect.poll(() => console_.getByText(questions.lamp).first().isVisible()).toBe(true);
    await console_.getByRole("button", { name: "Claim" }).click();
    await expect
      .poll(() => console_.getByRole("textbox", { name: /Reply/ }).isVisible())
      .toBe(true);

    await expect
      .poll(() => visitor.page.locator("[data-nexus-live-status]").textContent())
      .toBe("You are chatting with Ada.");
    const joins = await visitor.payloads("agentJoin");
    expect(joins).toHaveLength(1);
    expectEventBase(joins[0]);
    expect(joins[0]).toMatchObject({ agent: { name: "Ada" } });
    expect(joins[0]?.sessionId).toEqual(expect.any(String));
  });

  it("the visitor sees the agent typing, then their message, rendered safely", async () => {
    const reply = console_.getByRole("textbox", { name: /Reply/ });
    await reply.pressSequentially("Hello", { delay: 20 });
    await expect.poll(() => visitor.page.getByText("Ada is typing…").isVisible()).toBe(true);
    await reply.fill(hostileAgentText);
    await console_.getByRole("button", { name: "Send", exact: true }).click();

    const message = visitor.page.locator("[data-nexus-role=assistant]").last();
    await expect.poll(() => message.locator("strong").textContent()).toBe("Ada");
    await expect.poll(() => visitor.page.getByText("Ada is typing…").isVisible()).toBe(false);
    expect(await message.locator("[data-nexus-agent-name]").textContent()).toBe("Ada");
    expect(await message.locator("img[onerror]").count()).toBe(0);
    expect(await message.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(
      await visitor.page.evaluate(() => (window as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    const messages = await visitor.payloads("agentMessage");
    expect(messages).toHaveLength(1);
    expectEventBase(messages[0]);
    expect(messages[0]).toMatchObject({ text: hostileAgentText, agent: { name: "Ada" } });
    expect(messages[0]?.messageId).toEqual(expect.any(String));
    // The live region read it out.
    await expect.poll(() => visitor.page.locator("[role=status]").textContent()).toContain("Ada:");
  });

  it("the visitor's answer goes to the agent, not to the assistant", async () => {
    const before = await visitor.eventCount("messageStart");
    await visitor.input().fill("Thanks Ada, my lamp flickers.");
    await visitor.button("Send message").click();
    await expect
      .poll(() =>
        console_
          .getByRole("list", { name: "Transcript" })
          .getByText("Thanks Ada, my lamp flickers.")
          .isVisible(),
      )
      .toBe(true);
    expect(await visitor.eventCount("messageStart")).toBe(before);
  });

  it("axe finds no violations on the widget with an agent in the conversation, nor on the Inbox in either theme", async () => {
    expect(await auditWidget(visitor.page)).toEqual([]);
    // The Inbox with the conversation open, the composer, transfer and end (keyboard: every
    // control is a native link, button or field).
    expect(await auditConsole(console_)).toEqual([]);
  });

  it("the agent ends it and the assistant answers again; each event fired once", async () => {
    await console_.getByRole("button", { name: "End: back to the assistant" }).click();
    await expect
      .poll(() =>
        visitor.page
          .getByText(/You are back with the assistant/)
          .first()
          .isVisible(),
      )
      .toBe(true);
    expect(await visitor.page.locator("[data-nexus-live]").count()).toBe(0);
    const answer = await visitor.ask(questions.lamp);
    expect(answer.answer.length).toBeGreaterThan(0);

    const leaves = await visitor.payloads("agentLeave");
    expect(leaves).toHaveLength(1);
    expectEventBase(leaves[0]);
    expect(leaves[0]).toMatchObject({ reason: "returned-to-bot" });
    expect(await visitor.eventCount("agentJoin")).toBe(1);
    expect(await visitor.eventCount("agentMessage")).toBe(1);
    expect(visitor.pageErrors).toEqual([]);
  });
});
