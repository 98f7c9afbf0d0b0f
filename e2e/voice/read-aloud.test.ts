// Read-aloud in a real Chromium, with the fake speech engine: events and payloads, what is read,
// long answers split so engines that cut utterances still read everything, waiting for voices,
// stopping (button, another answer, close, destroy), autoPlay, errors and keyboard use.
import { beforeAll, describe, expect, it } from "vitest";
import type { IngestionDocument } from "@nexus-chat/protocol";
import { expectEventBase } from "../support/assertions.js";
import { useHarness, uniqueExperienceId } from "../support/harness.js";
import { questions, standardDocuments } from "../support/knowledge-base.js";
import type { WidgetPage } from "../support/widget-page.js";
import type { FakeSpeechConfig, FakeSpeechWindow } from "./fake-speech.js";
import { fakeState } from "./fake-speech.js";
import { callWidget, openVoiceWidget } from "./open-voice-widget.js";

const longQuestion = "Tell me about the plorbinator warranty";

/** One passage well over what an engine reads in one go, with a sentence over 200 characters. */
const longDocument: IngestionDocument = {
  title: "Plorbinator warranty",
  externalId: "plorbinator",
  content: [
    "# Plorbinator warranty",
    "",
    "The plorbinator warranty covers every part of the plorbinator for three full years from the day of delivery, " +
      "including the motor, the control board, the rechargeable battery pack, the charging dock, the remote control, " +
      "the carrying case, and every cable that came in the original box, as long as the plorbinator was used indoors. " +
      "To claim the plorbinator warranty, keep the receipt and the serial number printed under the plorbinator base. " +
      "Repairs under the plorbinator warranty are free, and shipping both ways is paid by us. " +
      "A replaced plorbinator keeps the remaining time of the original plorbinator warranty. " +
      "The plorbinator warranty does not cover scratches, water damage, or damage from dropping the plorbinator.",
  ].join("\n"),
};

const harness = useHarness();
let experienceId: string;

beforeAll(async () => {
  experienceId = uniqueExperienceId("tts");
  // Whole passages, so the long document gives a long answer to read.
  await harness.admin.createExperienceWithDocuments(
    { id: experienceId, name: "Read aloud", engineOptions: { answerStyle: "passages" } },
    [...standardDocuments, longDocument],
  );
});

async function openWithTts(
  tts: Record<string, unknown> | true = true,
  fake: FakeSpeechConfig = {},
) {
  const widgetPage = await openVoiceWidget(
    harness,
    { experienceId, config: { features: { tts } } },
    fake,
  );
  await widgetPage.openWindow();
  return widgetPage;
}

function readButton(widgetPage: WidgetPage, answerIndex = -1) {
  const answers = widgetPage.messages("assistant");
  const answer = answerIndex < 0 ? answers.last() : answers.nth(answerIndex);
  return {
    read: answer.getByRole("button", { name: "Read aloud", exact: true }),
    stop: answer.getByRole("button", { name: "Stop reading", exact: true }),
    messageId: () => answer.getAttribute("data-message-id"),
  };
}

const normalise = (text: string) => text.replace(/\s+/g, " ").trim();

describe("read-aloud", () => {
  it("fires ttsStart and ttsEnd with their payloads and reads the answer's plain text", async () => {
    const widgetPage = await openWithTts({ rate: 1.5, pitch: 0.8 });
    const answer = await widgetPage.ask(questions.links);
    const { read, stop, messageId } = readButton(widgetPage);
    const id = await messageId();
    expect(id).toBeTruthy();

    await read.click();
    const started = await widgetPage.waitForEvent("ttsStart");
    expectEventBase(started, answer.sessionId);
    expect(started.messageId).toBe(id);
    // Link text stays, link targets and markdown go.
    expect(started.text).toContain("Start the tour");
    expect(started.text).toContain("talk to an agent");
    expect(started.text).not.toMatch(/tour:id|action:|https?:|\]\(|[*#`]/);
    await stop.waitFor({ state: "visible" });

    const ended = await widgetPage.waitForEvent("ttsEnd");
    expectEventBase(ended, answer.sessionId);
    expect(ended.messageId).toBe(id);
    expect(typeof ended.duration).toBe("number");
    expect(ended.duration).toBeGreaterThan(0);
    await read.waitFor({ state: "visible" });

    const { spoken } = await fakeState(widgetPage.page);
    expect(spoken.length).toBeGreaterThan(1);
    expect(normalise(spoken.map((utterance) => utterance.heard).join(" "))).toBe(
      normalise(started.text),
    );
    for (const utterance of spoken) {
      expect(utterance).toMatchObject({ completed: true, rate: 1.5, pitch: 0.8 });
      // The page is <html lang="en">: the default voice of that language.
      expect(utterance.voice).toBe("Fake English (United States)");
    }
    expect(await widgetPage.eventCount("ttsStart")).toBe(1);
    expect(await widgetPage.eventCount("ttsEnd")).toBe(1);
  });

  it("tells screen readers whether the answer is being read (aria-pressed)", async () => {
    const widgetPage = await openWithTts(true, { wordDurationMs: 400 });
    await widgetPage.ask(questions.lamp);
    const { read, stop } = readButton(widgetPage);
    expect(await read.getAttribute("aria-pressed")).toBe("false");
    await read.click();
    await stop.waitFor({ state: "visible" });
    expect(await stop.getAttribute("aria-pressed")).toBe("true");
    await stop.click();
    await read.waitFor({ state: "visible" });
    expect(await read.getAttribute("aria-pressed")).toBe("false");
  });

  it("splits a long answer so an engine that cuts long utterances still reads all of it", async () => {
    const widgetPage = await openWithTts(true, { maxUtteranceLength: 200 });
    await widgetPage.ask(longQuestion);
    await readButton(widgetPage).read.click();
    const started = await widgetPage.waitForEvent("ttsStart");
    expect(started.text.length).toBeGreaterThan(600);
    await widgetPage.waitForEvent("ttsEnd");

    const { spoken } = await fakeState(widgetPage.page);
    expect(spoken.length).toBeGreaterThanOrEqual(7);
    expect(spoken.filter((utterance) => utterance.cut)).toEqual([]);
    expect(spoken.every((utterance) => utterance.completed)).toBe(true);
    expect(normalise(spoken.map((utterance) => utterance.heard).join(" "))).toBe(
      normalise(started.text),
    );
  });

  it("waits for voiceschanged before choosing the configured voice", async () => {
    const widgetPage = await openWithTts(
      { voice: "Fake English (United Kingdom)" },
      { voicesDelayMs: null },
    );
    await widgetPage.ask(questions.lamp);
    expect(await widgetPage.page.evaluate(() => speechSynthesis.getVoices().length)).toBe(0);
    await readButton(widgetPage).read.click();
    await widgetPage.waitForEvent("ttsStart");
    // However long it waits, nothing is spoken with a guessed voice before the list arrives.
    await widgetPage.page.waitForTimeout(300);
    expect((await fakeState(widgetPage.page)).spoken).toEqual([]);
    await widgetPage.page.evaluate(() =>
      (window as unknown as FakeSpeechWindow).__fakeSpeech.loadVoices(),
    );
    await widgetPage.waitForEvent("ttsEnd");
    const { spoken } = await fakeState(widgetPage.page);
    expect(spoken.length).toBeGreaterThan(0);
    for (const utterance of spoken) {
      expect(utterance).toMatchObject({ voice: "Fake English (United Kingdom)", lang: "en-GB" });
    }
  });

  it("stops when pressed again, with one ttsEnd", async () => {
    const widgetPage = await openWithTts(true, { wordDurationMs: 400 });
    await widgetPage.ask(questions.lamp);
    const { read, stop } = readButton(widgetPage);
    await read.click();
    await widgetPage.waitForEvent("ttsStart");
    await expect.poll(async () => (await fakeState(widgetPage.page)).speaking).toBe(true);
    await stop.click();
    const ended = await widgetPage.waitForEvent("ttsEnd");
    expect(ended.messageId).toBe(await readButton(widgetPage).messageId());
    await read.waitFor({ state: "visible" });
    const state = await fakeState(widgetPage.page);
    expect(state.speaking).toBe(false);
    expect(state.spoken.length).toBe(1);
    expect(state.spoken[0]?.completed).toBe(false);
    await widgetPage.page.waitForTimeout(200);
    expect(await widgetPage.eventCount("ttsEnd")).toBe(1);
    expect(await widgetPage.eventCount("error")).toBe(0);
  });

  it("reading another answer stops the first, which still ends", async () => {
    const widgetPage = await openWithTts(true, { wordDurationMs: 400 });
    await widgetPage.ask(questions.lamp);
    await widgetPage.ask(questions.actions);
    const first = readButton(widgetPage, 0);
    const second = readButton(widgetPage, 1);
    const firstId = await first.messageId();
    const secondId = await second.messageId();
    await first.read.click();
    await widgetPage.waitForEvent("ttsStart");
    await second.read.click();
    await widgetPage.waitForEvent("ttsStart", 2);
    const sequence = (await widgetPage.events())
      .filter((event) => event.name === "ttsStart" || event.name === "ttsEnd")
      .map((event) => `${event.name}:${(event.payload as { messageId: string }).messageId}`);
    expect(sequence).toEqual([`ttsStart:${firstId}`, `ttsEnd:${firstId}`, `ttsStart:${secondId}`]);
    await first.read.waitFor({ state: "visible" });
    await second.stop.waitFor({ state: "visible" });
  });

  it("stops reading when the window is closed", async () => {
    const widgetPage = await openWithTts(true, { wordDurationMs: 400 });
    await widgetPage.ask(questions.lamp);
    await readButton(widgetPage).read.click();
    await widgetPage.waitForEvent("ttsStart");
    await widgetPage.button("Close chat").click();
    await widgetPage.waitForEvent("ttsEnd");
    await expect.poll(async () => (await fakeState(widgetPage.page)).speaking).toBe(false);
  });

  it("stops reading on destroy()", async () => {
    const widgetPage = await openWithTts(true, { wordDurationMs: 400 });
    await widgetPage.ask(questions.lamp);
    await readButton(widgetPage).read.click();
    await widgetPage.waitForEvent("ttsStart");
    await callWidget(widgetPage, "destroy");
    expect(await widgetPage.eventCount("ttsEnd")).toBe(1);
    await expect.poll(async () => (await fakeState(widgetPage.page)).speaking).toBe(false);
    expect(widgetPage.pageErrors).toEqual([]);
  });

  it("with autoPlay, reads each answer once after it finished streaming", async () => {
    const widgetPage = await openWithTts({ autoPlay: true });
    const answer = await widgetPage.ask(questions.lamp);
    const started = await widgetPage.waitForEvent("ttsStart");
    const id = await readButton(widgetPage).messageId();
    expect(started.messageId).toBe(id);
    const names = (await widgetPage.events()).map((event) => event.name);
    expect(names.indexOf("messageComplete")).toBeLessThan(names.indexOf("ttsStart"));
    expect(answer.answer).toMatch(/zorblax lamp/i);
    expect(started.text).toMatch(/zorblax lamp/i);
    await widgetPage.waitForEvent("ttsEnd");

    await widgetPage.ask(questions.actions);
    const second = await widgetPage.waitForEvent("ttsStart", 2);
    expect(second.messageId).not.toBe(id);
    await widgetPage.waitForEvent("ttsEnd", 2);
    await widgetPage.page.waitForTimeout(300);
    expect(await widgetPage.eventCount("ttsStart")).toBe(2);
  });

  it("with autoPlay, does not read answers restored after a reload", async () => {
    const widgetPage = await openWithTts({ autoPlay: true });
    await widgetPage.ask(questions.lamp);
    await widgetPage.waitForEvent("ttsEnd");
    await widgetPage.page.reload({ waitUntil: "load" });
    await widgetPage.openWindow();
    await widgetPage
      .lastAnswer()
      .getByRole("button", { name: "Read aloud", exact: true })
      .waitFor();
    await widgetPage.page.waitForTimeout(500);
    expect(await widgetPage.eventCount("ttsStart")).toBe(0);
    expect((await fakeState(widgetPage.page)).spoken).toEqual([]);
  });

  it("reports an engine failure as a voice error and ends the reading", async () => {
    const widgetPage = await openWithTts();
    await widgetPage.ask(questions.lamp);
    await widgetPage.page.evaluate(() =>
      (window as unknown as FakeSpeechWindow).__fakeSpeech.failNextUtterance("audio-busy"),
    );
    await readButton(widgetPage).read.click();
    const error = await widgetPage.waitForEvent("error");
    expectEventBase(error);
    expect(error.type).toBe("voice");
    expect(error.details).toMatchObject({ code: "audio-busy" });
    await widgetPage.waitForEvent("ttsEnd");
    await readButton(widgetPage).read.waitFor({ state: "visible" });
  });

  it("works from the keyboard", async () => {
    const widgetPage = await openWithTts(true, { wordDurationMs: 400 });
    await widgetPage.ask(questions.lamp);
    const { read, stop } = readButton(widgetPage);
    await read.focus();
    await widgetPage.page.keyboard.press("Enter");
    await widgetPage.waitForEvent("ttsStart");
    await stop.waitFor({ state: "visible" });
    // Focus stays on the button across its state change, so Enter again stops it.
    expect(
      await stop.evaluate(
        (element) => (element.getRootNode() as Document | ShadowRoot).activeElement === element,
      ),
    ).toBe(true);
    await widgetPage.page.keyboard.press("Enter");
    await widgetPage.waitForEvent("ttsEnd");
  });
});
