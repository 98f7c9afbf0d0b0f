// The fake must behave like the real API, or the voice tests prove nothing: this checks its event
// order and timing on a blank page, with a small page-side client written against the standard API.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/chromium.js";
import {
  failRecognition,
  fakeState,
  installFakeSpeech,
  say,
  whenListening,
  type FakeSpeechConfig,
  type FakeSpeechWindow,
} from "./fake-speech.js";

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});
afterAll(async () => {
  await browser?.close();
});

/** A blank page (served by route, so init scripts run as on any real navigation). */
async function blankPage(config: FakeSpeechConfig = {}): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  await installFakeSpeech(context, config);
  await context.route("http://speech.test/", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: "<!doctype html><html lang='en'><body></body></html>",
    }),
  );
  const page = await context.newPage();
  await page.goto("http://speech.test/");
  return page;
}

/** Starts a recognition in the page that logs every event it gets, with its details. */
function startLoggingRecognition(
  page: Page,
  settings: { continuous: boolean; interimResults: boolean },
) {
  return page.evaluate((options) => {
    const host = window as unknown as {
      webkitSpeechRecognition: new () => EventTarget & Record<string, unknown>;
      __log: string[];
      __recognition: EventTarget & Record<string, unknown>;
    };
    const recognition = new host.webkitSpeechRecognition();
    Object.assign(recognition, options, { lang: "en-US" });
    host.__log = [];
    for (const type of [
      "start",
      "audiostart",
      "soundstart",
      "speechstart",
      "result",
      "speechend",
      "soundend",
      "audioend",
      "end",
      "error",
    ]) {
      recognition.addEventListener(type, (event) => {
        const details = event as unknown as {
          error?: string;
          resultIndex?: number;
          results?: ArrayLike<ArrayLike<{ transcript: string }> & { isFinal: boolean }>;
        };
        if (type === "result" && details.results) {
          const texts = Array.from(
            details.results,
            (result) => `${result[0]?.transcript}${result.isFinal ? "!" : "?"}`,
          );
          host.__log.push(`result ${details.resultIndex} ${texts.join("|")}`);
        } else if (type === "error") host.__log.push(`error ${details.error}`);
        else host.__log.push(type);
      });
    }
    host.__recognition = recognition;
    (recognition.start as () => void)();
    // Events arrive in later tasks, never inside start(), as with a real engine.
    return host.__log.length;
  }, settings);
}

const pageLog = (page: Page) =>
  page.evaluate(() => (window as unknown as { __log: string[] }).__log);

describe("fake Web Speech API", () => {
  it("runs a one-shot recognition in the real event order, asynchronously", async () => {
    const page = await blankPage();
    expect(await startLoggingRecognition(page, { continuous: false, interimResults: true })).toBe(
      0,
    );
    await whenListening(page);
    await say(page, ["hello", "hello world"]);
    await page.waitForFunction(() =>
      (window as unknown as { __log: string[] }).__log.includes("end"),
    );
    expect(await pageLog(page)).toEqual([
      "start",
      "audiostart",
      "soundstart",
      "speechstart",
      "result 0 hello?",
      "result 0 hello world!",
      "speechend",
      "soundend",
      "audioend",
      "end",
    ]);
  });

  it("keeps listening in continuous mode and flushes the pending guess as final on stop()", async () => {
    const page = await blankPage();
    await startLoggingRecognition(page, { continuous: true, interimResults: true });
    await whenListening(page);
    await say(page, ["first"]);
    await say(page, ["second", "second part"], false);
    await page.evaluate(() =>
      (window as unknown as { __recognition: { stop(): void } }).__recognition.stop(),
    );
    await page.waitForFunction(() =>
      (window as unknown as { __log: string[] }).__log.includes("end"),
    );
    expect((await pageLog(page)).filter((entry) => entry.startsWith("result"))).toEqual([
      "result 0 first!",
      "result 1 first!|second?",
      "result 1 first!|second part?",
      "result 1 first!|second part!",
    ]);
    expect((await pageLog(page)).slice(-5)).toEqual([
      "speechend",
      "soundend",
      "result 1 first!|second part!",
      "audioend",
      "end",
    ]);
  });

  it("omits interim results when interimResults is false", async () => {
    const page = await blankPage();
    await startLoggingRecognition(page, { continuous: false, interimResults: false });
    await whenListening(page);
    await say(page, ["a", "a b", "a b c"]);
    await page.waitForFunction(() =>
      (window as unknown as { __log: string[] }).__log.includes("end"),
    );
    expect((await pageLog(page)).filter((entry) => entry.startsWith("result"))).toEqual([
      "result 0 a b c!",
    ]);
  });

  it("refuses permission before start, and fails a running session with error then end", async () => {
    const page = await blankPage();
    await failRecognition(page, "not-allowed");
    await startLoggingRecognition(page, { continuous: true, interimResults: true });
    await page.waitForFunction(() =>
      (window as unknown as { __log: string[] }).__log.includes("end"),
    );
    expect(await pageLog(page)).toEqual(["error not-allowed", "end"]);

    await startLoggingRecognition(page, { continuous: true, interimResults: true });
    await whenListening(page);
    await failRecognition(page, "network");
    await page.waitForFunction(() =>
      (window as unknown as { __log: string[] }).__log.includes("end"),
    );
    expect(await pageLog(page)).toEqual([
      "start",
      "audiostart",
      "error network",
      "audioend",
      "end",
    ]);
  });

  it("throws InvalidStateError on a second start() of one object", async () => {
    const page = await blankPage();
    const name = await page.evaluate(() => {
      const recognition = new (
        window as unknown as { SpeechRecognition: new () => { start(): void } }
      ).SpeechRecognition();
      recognition.start();
      try {
        recognition.start();
        return "no error";
      } catch (error) {
        return (error as DOMException).name;
      }
    });
    expect(name).toBe("InvalidStateError");
  });

  it("has no voices until voiceschanged, then speaks with start, boundaries and end", async () => {
    const context = await browser.newContext();
    contexts.push(context);
    await installFakeSpeech(context, { voicesDelayMs: 200 });
    // Watched from the page's first script: on a loaded machine the event may come before a
    // later evaluate() could listen for it.
    await context.addInitScript(() => {
      const state = window as unknown as { voicesAtStart: number; voicesChanged: Promise<void> };
      state.voicesAtStart = speechSynthesis.getVoices().length;
      state.voicesChanged = new Promise((resolve) =>
        speechSynthesis.addEventListener("voiceschanged", () => resolve(), { once: true }),
      );
    });
    await context.route("http://speech.test/", (route) =>
      route.fulfill({ contentType: "text/html", body: "<!doctype html><body></body>" }),
    );
    const page = await context.newPage();
    await page.goto("http://speech.test/");
    const result = await page.evaluate(async () => {
      const log: string[] = [];
      const state = window as unknown as { voicesAtStart: number; voicesChanged: Promise<void> };
      const before = state.voicesAtStart;
      await state.voicesChanged;
      const voices = speechSynthesis.getVoices().map((voice) => `${voice.name}/${voice.lang}`);
      const utterance = new SpeechSynthesisUtterance("Two words");
      for (const type of ["start", "boundary", "end", "error"]) {
        utterance.addEventListener(type, (event) =>
          log.push(
            `${type}${type === "boundary" ? (event as SpeechSynthesisEvent).charIndex : ""}`,
          ),
        );
      }
      await new Promise((resolve) => {
        utterance.onend = resolve;
        speechSynthesis.speak(utterance);
      });
      return { before, voices, log };
    });
    expect(result.before).toBe(0);
    expect(result.voices).toContain("Fake English (United States)/en-US");
    expect(result.log).toEqual(["start", "boundary0", "boundary4", "end"]);
  });

  it("reports interrupted and canceled on cancel(), and cuts long utterances when told to", async () => {
    const page = await blankPage({ wordDurationMs: 200, maxUtteranceLength: 10 });
    await page.evaluate(async () => {
      speechSynthesis.speak(new SpeechSynthesisUtterance("one two three four"));
      speechSynthesis.speak(new SpeechSynthesisUtterance("queued"));
      await new Promise((resolve) => setTimeout(resolve, 50));
      speechSynthesis.cancel();
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    const state = await fakeState(page);
    expect(state.synthesisEvents.filter((event) => event.type === "error")).toEqual([
      { type: "error", text: "one two three four", error: "interrupted" },
      { type: "error", text: "queued", error: "canceled" },
    ]);
    expect(state.spoken[0]).toMatchObject({ heard: "one two th", cut: true, completed: false });
  });

  it("removes the APIs entirely when configured absent, Chromium's own included", async () => {
    const page = await blankPage({ recognition: false, synthesis: false });
    const present = await page.evaluate(() => [
      "SpeechRecognition" in window,
      "webkitSpeechRecognition" in window,
      "speechSynthesis" in window,
      "SpeechSynthesisUtterance" in window,
      typeof (window as unknown as FakeSpeechWindow).__fakeSpeech,
    ]);
    expect(present).toEqual([false, false, false, false, "object"]);
  });
});
