// The voice buttons appear only where the browser has the API and the feature is switched on.
import { beforeAll, describe, expect, it } from "vitest";
import { useHarness, uniqueExperienceId } from "../support/harness.js";
import { questions, standardDocuments } from "../support/knowledge-base.js";
import { openVoiceWidget } from "./open-voice-widget.js";

const harness = useHarness();
let experienceId: string;

beforeAll(async () => {
  experienceId = uniqueExperienceId("voice-support");
  await harness.admin.createExperienceWithDocuments(
    { id: experienceId, name: "Voice support" },
    standardDocuments,
  );
});

describe("voice availability", () => {
  it("shows the microphone and read-aloud buttons where the browser has speech", async () => {
    const widgetPage = await openVoiceWidget(harness, {
      experienceId,
      config: { features: { voice: true, tts: true } },
    });
    await widgetPage.ask(questions.lamp);
    await widgetPage.button("Start voice input").waitFor({ state: "visible" });
    await widgetPage
      .lastAnswer()
      .getByRole("button", { name: "Read aloud", exact: true })
      .waitFor();
  });

  it("hides both where the browser has neither API, and the rest keeps working", async () => {
    const widgetPage = await openVoiceWidget(
      harness,
      { experienceId, config: { features: { voice: true, tts: { autoPlay: true } } } },
      { recognition: false, synthesis: false },
    );
    await widgetPage.ask(questions.lamp);
    await widgetPage
      .lastAnswer()
      .getByRole("button", { name: "Copy answer", exact: true })
      .waitFor();
    expect(await widgetPage.button("Start voice input").count()).toBe(0);
    expect(await widgetPage.page.getByRole("button", { name: "Read aloud" }).count()).toBe(0);
    expect(await widgetPage.eventCount("ttsStart")).toBe(0);
    expect(await widgetPage.eventCount("error")).toBe(0);
    expect(widgetPage.pageErrors).toEqual([]);
  });

  it("hides only the microphone where only recognition is missing (Firefox)", async () => {
    const widgetPage = await openVoiceWidget(
      harness,
      { experienceId, config: { features: { voice: true, tts: true } } },
      { recognition: false },
    );
    await widgetPage.ask(questions.lamp);
    await widgetPage
      .lastAnswer()
      .getByRole("button", { name: "Read aloud", exact: true })
      .waitFor();
    expect(await widgetPage.button("Start voice input").count()).toBe(0);
  });

  it("shows neither while the features are off, even where the browser has speech", async () => {
    const widgetPage = await openVoiceWidget(harness, { experienceId });
    await widgetPage.ask(questions.lamp);
    await widgetPage
      .lastAnswer()
      .getByRole("button", { name: "Copy answer", exact: true })
      .waitFor();
    expect(await widgetPage.button("Start voice input").count()).toBe(0);
    expect(await widgetPage.page.getByRole("button", { name: "Read aloud" }).count()).toBe(0);
  });
});
