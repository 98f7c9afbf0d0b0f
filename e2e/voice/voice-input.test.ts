// Voice input in a real Chromium, with the fake Web Speech API standing in for the engine:
// events and payloads, interim text, auto-send on and off, every error code, stopping on close and
// destroy, keyboard use and the button's state for screen readers.
import { beforeAll, describe, expect, it } from "vitest";
import { RECOGNITION_ERROR_MESSAGES } from "../../packages/widget/src/voice/recognition-error-messages.js";
import { expectEventBase } from "../support/assertions.js";
import { useHarness, uniqueExperienceId } from "../support/harness.js";
import { questions, standardDocuments } from "../support/knowledge-base.js";
import type { WidgetPage } from "../support/widget-page.js";
import { failRecognition, fakeState, say, whenListening } from "./fake-speech.js";
import { callWidget, openVoiceWidget } from "./open-voice-widget.js";

const harness = useHarness();
let experienceId: string;

beforeAll(async () => {
  experienceId = uniqueExperienceId("voice");
  await harness.admin.createExperienceWithDocuments(
    { id: experienceId, name: "Voice" },
    standardDocuments,
  );
});

const startLabel = "Start voice input";
const stopLabel = "Stop voice input";

async function openWithVoice(voice: Record<string, unknown> | true = true, locale?: string) {
  const widgetPage = await openVoiceWidget(
    harness,
    { experienceId, config: { features: { voice } } },
    {},
    locale ? { locale } : undefined,
  );
  await widgetPage.openWindow();
  return widgetPage;
}

async function expectIdle(widgetPage: WidgetPage): Promise<void> {
  const button = widgetPage.button(startLabel);
  await button.waitFor({ state: "visible" });
  expect(await button.getAttribute("aria-pressed")).toBe("false");
  expect(await widgetPage.button(stopLabel).count()).toBe(0);
}

async function expectListening(widgetPage: WidgetPage): Promise<void> {
  const button = widgetPage.button(stopLabel);
  await button.waitFor({ state: "visible" });
  expect(await button.getAttribute("aria-pressed")).toBe("true");
}

describe("voice input", () => {
  it("fires voiceStart and voiceEnd with their payloads and leaves the transcript for editing", async () => {
    // A long silence timeout: here the visitor ends listening with the button.
    const widgetPage = await openWithVoice({ language: "en-GB", silenceTimeout: 60_000 });
    await expectIdle(widgetPage);

    await widgetPage.button(startLabel).click();
    await expectListening(widgetPage);
    const started = await widgetPage.waitForEvent("voiceStart");
    expectEventBase(started, null);
    expect(started.language).toBe("en-GB");
    await whenListening(widgetPage.page);
    expect((await fakeState(widgetPage.page)).recognition?.lang).toBe("en-GB");

    // Interim guesses show in the input while the visitor speaks.
    await say(widgetPage.page, ["where is", "where is the quillon"], false);
    await expect.poll(() => widgetPage.input().inputValue()).toBe("where is the quillon");
    await say(widgetPage.page, ["where is the quillonary tour"]);
    await widgetPage.button(stopLabel).click();

    const ended = await widgetPage.waitForEvent("voiceEnd");
    expectEventBase(ended, null);
    expect(ended.transcript).toBe("where is the quillonary tour");
    expect(typeof ended.duration).toBe("number");
    expect(ended.duration).toBeGreaterThan(0);
    await expectIdle(widgetPage);

    // autoSend is off by default: the words wait in the input, nothing was sent.
    expect(await widgetPage.input().inputValue()).toBe("where is the quillonary tour");
    expect(await widgetPage.eventCount("messageStart")).toBe(0);
    expect(await widgetPage.eventCount("voiceStart")).toBe(1);
    expect(await widgetPage.eventCount("voiceEnd")).toBe(1);

    const { recognitionEvents, listening } = await fakeState(widgetPage.page);
    expect(listening).toBe(false);
    expect(recognitionEvents.at(-1)).toBe("end");
    expect(recognitionEvents.filter((type) => type === "end")).toHaveLength(1);
  });

  it("stops by itself after silenceTimeout without new words", async () => {
    const widgetPage = await openWithVoice({ silenceTimeout: 1000 });
    await widgetPage.button(startLabel).click();
    await whenListening(widgetPage.page);
    await say(widgetPage.page, ["turn it off"]);
    // Nobody presses anything: the silence ends the session.
    expect((await widgetPage.waitForEvent("voiceEnd")).transcript).toBe("turn it off");
    await expectIdle(widgetPage);
    expect((await fakeState(widgetPage.page)).recognitionEvents.at(-1)).toBe("end");
  });

  it("with autoSend, sends what was said when the visitor presses the button again", async () => {
    const widgetPage = await openWithVoice({ autoSend: true, silenceTimeout: 60_000 });
    await widgetPage.button(startLabel).click();
    await whenListening(widgetPage.page);
    await say(widgetPage.page, ["how do I clean", questions.lamp]);
    await widgetPage.button(stopLabel).click();

    const ended = await widgetPage.waitForEvent("voiceEnd");
    expect(ended.transcript).toBe(questions.lamp);
    const sent = await widgetPage.waitForEvent("messageStart");
    expect(sent.message).toBe(questions.lamp);
    const answer = await widgetPage.waitForEvent("messageComplete");
    expect(answer.answer).toMatch(/zorblax/i);
    await expect
      .poll(() => widgetPage.messages("user").last().innerText())
      .toContain(questions.lamp);
    expect(await widgetPage.input().inputValue()).toBe("");

    // A later voice session carries the session the first message created.
    const sessionId = answer.sessionId;
    expect(typeof sessionId).toBe("string");
    await widgetPage.button(startLabel).click();
    expect((await widgetPage.waitForEvent("voiceStart", 2)).sessionId).toBe(sessionId);
    await whenListening(widgetPage.page);
    await widgetPage.button(stopLabel).click();
    const second = await widgetPage.waitForEvent("voiceEnd", 2);
    expectEventBase(second, sessionId);
    // Nothing was said: nothing is sent.
    expect(second.transcript).toBe("");
    expect(await widgetPage.eventCount("messageStart")).toBe(1);
  });

  it("adds the spoken words after what the visitor had already typed", async () => {
    const widgetPage = await openWithVoice({ silenceTimeout: 60_000 });
    await widgetPage.input().fill("About my order:");
    await widgetPage.button(startLabel).click();
    await whenListening(widgetPage.page);
    await say(widgetPage.page, ["where is", "where is it"], false);
    await expect.poll(() => widgetPage.input().inputValue()).toBe("About my order: where is it");
    await say(widgetPage.page, ["where is it now"]);
    await widgetPage.button(stopLabel).click();
    // The event reports what was said; the input keeps the typed words in front of it.
    expect((await widgetPage.waitForEvent("voiceEnd")).transcript).toBe("where is it now");
    expect(await widgetPage.input().inputValue()).toBe("About my order: where is it now");
  });

  it("with interimResults off, shows only the final words", async () => {
    const widgetPage = await openWithVoice({ interimResults: false, silenceTimeout: 60_000 });
    await widgetPage.button(startLabel).click();
    await whenListening(widgetPage.page);
    expect((await fakeState(widgetPage.page)).recognition?.interimResults).toBe(false);
    await say(widgetPage.page, ["only", "only the end"], false);
    expect(await widgetPage.input().inputValue()).toBe("");
    await say(widgetPage.page, ["only the end result"]);
    await widgetPage.button(stopLabel).click();
    expect((await widgetPage.waitForEvent("voiceEnd")).transcript).toBe("only the end result");
    expect(await widgetPage.input().inputValue()).toBe("only the end result");
  });

  it("works inside a shadow root", async () => {
    const widgetPage = await openVoiceWidget(harness, {
      experienceId,
      config: { useShadowDOM: true, features: { voice: { silenceTimeout: 60_000 } } },
    });
    await widgetPage.openWindow();
    expect(
      await widgetPage.page.evaluate(
        () =>
          document.querySelector("[data-nexus-chat]")?.shadowRoot?.querySelector("button") != null,
      ),
    ).toBe(true);
    await widgetPage.button(startLabel).click();
    await whenListening(widgetPage.page);
    await say(widgetPage.page, ["from the shadows"]);
    await widgetPage.button(stopLabel).click();
    expect((await widgetPage.waitForEvent("voiceEnd")).transcript).toBe("from the shadows");
    expect(await widgetPage.input().inputValue()).toBe("from the shadows");
  });

  it("reports voice use to analytics without the words spoken", async () => {
    const widgetPage = await openWithVoice({ silenceTimeout: 60_000 });
    const analyticsBody = widgetPage.page
      .waitForRequest(
        (request) =>
          request.url().endsWith("/analytics/events") &&
          (request.postData() ?? "").includes("voiceEnd"),
        { timeout: 20_000 },
      )
      .then((request) => request.postData() ?? "");
    await widgetPage.button(startLabel).click();
    await whenListening(widgetPage.page);
    await say(widgetPage.page, ["my secret account number"]);
    await widgetPage.button(stopLabel).click();
    await widgetPage.waitForEvent("voiceEnd");
    const body = await analyticsBody;
    expect(body).toContain("voiceStart");
    expect(body).not.toContain("secret");
  });

  it("defaults the language to the page's lang before the browser's", async () => {
    const widgetPage = await openWithVoice(true, "de-DE");
    expect(await widgetPage.page.evaluate(() => navigator.language)).toBe("de-DE");
    await widgetPage.button(startLabel).click();
    // The host page is <html lang="en">.
    expect((await widgetPage.waitForEvent("voiceStart")).language).toBe("en");
  });

  describe("each recognition error ends the session cleanly and is explained", () => {
    for (const [code, message] of Object.entries(RECOGNITION_ERROR_MESSAGES)) {
      it(code, async () => {
        const widgetPage = await openWithVoice();
        // Armed before the click: permission-type errors come before `start`, others after it.
        await failRecognition(widgetPage.page, code);
        await widgetPage.button(startLabel).click();

        const error = await widgetPage.waitForEvent("error");
        expectEventBase(error);
        expect(error.type).toBe("voice");
        expect(error.message).toBe(message);
        expect(error.details).toMatchObject({ code });

        const ended = await widgetPage.waitForEvent("voiceEnd");
        expect(ended.transcript).toBe("");
        await expectIdle(widgetPage);
        expect(await widgetPage.eventCount("voiceStart")).toBe(1);
        expect(await widgetPage.eventCount("voiceEnd")).toBe(1);
        expect(await widgetPage.eventCount("error")).toBe(1);
        expect(await widgetPage.eventCount("messageStart")).toBe(0);
        expect(widgetPage.pageErrors).toEqual([]);
      });
    }

    it.each(Object.entries(RECOGNITION_ERROR_MESSAGES))(
      "tells the visitor in plain words: %s",
      async (code, message) => {
        const widgetPage = await openWithVoice();
        await failRecognition(widgetPage.page, code);
        await widgetPage.button(startLabel).click();
        await widgetPage.dialog().getByText(message).waitFor({ state: "visible", timeout: 5000 });
      },
    );

    it("a failed session can be followed by a working one", async () => {
      const widgetPage = await openWithVoice({ silenceTimeout: 60_000 });
      await failRecognition(widgetPage.page, "no-speech");
      await widgetPage.button(startLabel).click();
      await widgetPage.waitForEvent("voiceEnd");
      await expectIdle(widgetPage);
      await widgetPage.button(startLabel).click();
      await whenListening(widgetPage.page);
      await say(widgetPage.page, ["second try"]);
      await widgetPage.button(stopLabel).click();
      expect((await widgetPage.waitForEvent("voiceEnd", 2)).transcript).toBe("second try");
      expect(await widgetPage.input().inputValue()).toBe("second try");
    });
  });

  it("stops listening when the window is closed", async () => {
    const widgetPage = await openWithVoice({ silenceTimeout: 60_000 });
    await widgetPage.button(startLabel).click();
    await whenListening(widgetPage.page);
    await say(widgetPage.page, ["never mind"]);
    await widgetPage.button("Close chat").click();
    const ended = await widgetPage.waitForEvent("voiceEnd");
    expect(ended.transcript).toBe("never mind");
    await expect.poll(async () => (await fakeState(widgetPage.page)).listening).toBe(false);
    expect(await widgetPage.eventCount("messageStart")).toBe(0);
  });

  it("stops listening on destroy()", async () => {
    const widgetPage = await openWithVoice({ silenceTimeout: 60_000, autoSend: true });
    await widgetPage.button(startLabel).click();
    await whenListening(widgetPage.page);
    await say(widgetPage.page, ["half a"], false);
    await callWidget(widgetPage, "destroy");
    expect(await widgetPage.eventCount("voiceEnd")).toBe(1);
    await expect.poll(async () => (await fakeState(widgetPage.page)).listening).toBe(false);
    // A destroyed widget sends nothing on the visitor's behalf.
    expect(await widgetPage.eventCount("messageStart")).toBe(0);
    expect(widgetPage.pageErrors).toEqual([]);
  });

  it("works from the keyboard and announces its state", async () => {
    const widgetPage = await openWithVoice({ silenceTimeout: 60_000 });
    await widgetPage.input().focus();
    const micIsFocused = () =>
      widgetPage
        .button(startLabel)
        .or(widgetPage.button(stopLabel))
        .evaluate(
          (element) => (element.getRootNode() as Document | ShadowRoot).activeElement === element,
        );
    let presses = 0;
    while (!(await micIsFocused()) && presses < 6) {
      await widgetPage.page.keyboard.press("Tab");
      presses += 1;
    }
    expect(await micIsFocused()).toBe(true);

    await widgetPage.page.keyboard.press("Enter");
    await expectListening(widgetPage);
    await widgetPage.waitForEvent("voiceStart");
    await whenListening(widgetPage.page);
    await say(widgetPage.page, ["typed by voice"]);
    // Focus stays on the button across its state change, so Space stops it.
    expect(await micIsFocused()).toBe(true);
    await widgetPage.page.keyboard.press("Space");
    expect((await widgetPage.waitForEvent("voiceEnd")).transcript).toBe("typed by voice");
    await expectIdle(widgetPage);
  });
});
