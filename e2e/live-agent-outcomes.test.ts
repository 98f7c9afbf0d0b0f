// The two other ways a hand-over ends (issue 13, part 3), in the style of live-agent.test.ts: with
// nobody online the visitor is told so and leaves a message for the team, which the Inbox lists;
// and a person (an outside desk, on the agent API) closes the conversation, which the widget shows
// as ended.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApi } from "./support/admin-api.js";
import { launchChromium } from "./support/chromium.js";
import { startConsoleServer, type ConsoleServer } from "./support/console-server.js";
import { buildHostPage } from "./support/host-page.js";
import { startHostPageServer, type HostPageServer } from "./support/host-page-server.js";
import { questions, standardDocuments } from "./support/knowledge-base.js";
import { WidgetPage } from "./support/widget-page.js";

let server: ConsoleServer;
let hostPages: HostPageServer;
let browser: Browser;

beforeAll(async () => {
  hostPages = await startHostPageServer();
  // An agent exists but never signs in: nobody is online.
  server = await startConsoleServer({
    email: "ada@example.com",
    displayName: "Ada",
    role: "agent",
    password: "outcomes e2e password",
  });
  const admin = new AdminApi(server.origin);
  await admin.createExperienceWithDocuments({ id: "nobody", name: "Nobody" }, standardDocuments);
  // A webhook URL stands for an outside desk, so this one queues; nothing listens there.
  await admin.createExperienceWithDocuments(
    { id: "desk", name: "Desk", handoverWebhookUrl: "http://127.0.0.1:9/hook" },
    standardDocuments,
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await hostPages?.close();
  await server?.close();
});

/** A visitor on a page of experience `experienceId` who asked one question. */
async function visitorOf(experienceId: string): Promise<WidgetPage> {
  const { html, script } = buildHostPage(
    {
      experienceId,
      apiUrl: `${server.origin}/api/v2`,
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
    `/${experienceId}/`,
  );
  hostPages.addFile(`/${experienceId}/init.js`, { body: script, contentType: "text/javascript" });
  const url = hostPages.addFile(`/${experienceId}/index.html`, {
    body: html,
    contentType: "text/html",
  });
  const context = await browser.newContext();
  context.setDefaultTimeout(15_000);
  const visitor = new WidgetPage(await context.newPage());
  await visitor.page.goto(url);
  await visitor.ask(questions.lamp);
  return visitor;
}

const sessionOf = (visitor: WidgetPage): Promise<string | null> =>
  visitor.page.evaluate(
    () =>
      (
        window as unknown as { widget: { getState(): { sessionId: string | null } } }
      ).widget.getState().sessionId,
  );

describe("a hand-over that no person takes, or that a person closes", () => {
  it("with nobody online the visitor is told so and leaves a message the Inbox lists", async () => {
    const visitor = await visitorOf("nobody");
    await visitor.button("Talk to a person").click();
    await expect
      .poll(() => visitor.page.locator("[data-nexus-live-status]").textContent())
      .toBe("Nobody is available to chat right now.");
    expect(await visitor.button("Continue with the assistant").isVisible()).toBe(true);
    await visitor.button("Leave a message").click();
    await expect
      .poll(() =>
        visitor.page
          .getByText("Write your message below and the team will get back to you.")
          .first()
          .isVisible(),
      )
      .toBe(true);
    const before = await visitor.eventCount("messageStart");
    await visitor.input().fill("Please call me back about my lamp.");
    await visitor.button("Send message").click();
    await expect
      .poll(() => visitor.page.getByText("Your message was sent to the team.").first().isVisible())
      .toBe(true);
    // It went to the team, not to the assistant.
    expect(await visitor.eventCount("messageStart")).toBe(before);
    const left = await server.app.nexus.store.conversations.listLeft(["nobody"], 10);
    expect(left).toHaveLength(1);
    expect(left[0]?.sessionId).toBe(await sessionOf(visitor));
    // The assistant answers again.
    expect((await visitor.ask(questions.lamp)).answer.length).toBeGreaterThan(0);
    expect(visitor.pageErrors).toEqual([]);
  });

  it("a person closes the conversation: the widget says it ended, once", async () => {
    const visitor = await visitorOf("desk");
    await visitor.button("Talk to a person").click();
    await expect
      .poll(() => visitor.page.locator("[data-nexus-live-status]").textContent())
      .toBe("You are number 1 in the queue.");
    const sessionId = await sessionOf(visitor);
    const desk = new AdminApi(server.origin);
    await desk.request("POST", `/agent/sessions/${sessionId}/join`, { agent: { name: "Sam" } });
    await expect
      .poll(() => visitor.page.locator("[data-nexus-live-status]").textContent())
      .toBe("You are chatting with Sam.");
    const ended = await desk.request<{ state: string }>(
      "POST",
      `/agent/sessions/${sessionId}/end`,
      { to: "closed" },
    );
    expect(ended.state).toBe("closed");
    await expect
      .poll(() => visitor.page.getByText("This conversation has ended.").first().isVisible())
      .toBe(true);
    expect(await visitor.page.locator("[data-nexus-live]").count()).toBe(0);
    const leaves = await visitor.payloads("agentLeave");
    expect(leaves).toHaveLength(1);
    expect(leaves[0]).toMatchObject({ reason: "closed" });
    expect(visitor.pageErrors).toEqual([]);
  });
});
