// Voice input and read-aloud in the live events demo (`npm start`), with the fake speech engine:
// a newcomer speaks a question, sends it, has the answer read out, and sees the four events logged.
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ApiServer } from "../support/api-server.js";
import { expectEventBase } from "../support/assertions.js";
import { launchChromium } from "../support/chromium.js";
import { DemoPage } from "../demo/demo-page.js";
import { startDemoServer } from "../demo/demo-server.js";
import { fakeState, installFakeSpeech, say, whenListening } from "./fake-speech.js";

let server: ApiServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("voice in the events demo", () => {
  it("speaks a question, reads the answer aloud and logs voiceStart, voiceEnd, ttsStart, ttsEnd", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    // Docs answers are long: fast speech keeps the test short.
    await installFakeSpeech(context, { wordDurationMs: 2 });
    const page = await context.newPage();
    const demo = new DemoPage(page);
    await page.goto(`${server.origin}/`, { waitUntil: "load" });
    await page.locator("[data-nexus-chat]").first().waitFor({ state: "attached" });

    const mic = demo.button("Start voice input");
    if (!(await mic.isVisible())) await demo.button("Open chat").click();
    await mic.click();
    await whenListening(page);
    const question = "Which events does the widget emit?";
    await say(page, ["which events", question]);
    await demo.button("Stop voice input").click();

    await demo.waitForEntry("voiceEnd");
    const started = await demo.latestPayload("voiceStart");
    expectEventBase(started);
    expect(typeof started.language).toBe("string");
    const ended = await demo.latestPayload("voiceEnd");
    expect(ended.transcript).toBe(question);

    const input = page.getByRole("textbox", { name: "Message", exact: true });
    expect(await input.inputValue()).toBe(question);
    await demo.button("Send message").click();
    const read = demo.lastAnswer().getByRole("button", { name: "Read aloud", exact: true });
    await read.click();
    await demo.waitForEntry("ttsEnd");
    const ttsStart = await demo.latestPayload("ttsStart");
    const ttsEnd = await demo.latestPayload("ttsEnd");
    expect(ttsEnd.messageId).toBe(ttsStart.messageId);
    expect(await demo.lastAnswer().getAttribute("data-message-id")).toBe(ttsStart.messageId);
    expect(String(ttsStart.text).length).toBeGreaterThan(0);

    const { spoken } = await fakeState(page);
    expect(spoken.length).toBeGreaterThan(0);
    expect(spoken.every((utterance) => utterance.completed)).toBe(true);
    expect(demo.pageErrors).toEqual([]);
  });
});
