// Helpers for the voice browser tests: installing the fake Web Speech API before the page loads,
// and typed access to its remote control.
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";

/** The fake, injected with `addInitScript` so it exists before the widget's bundle runs. */
export const fakeWebSpeechPath = fileURLToPath(
  new URL("../fixtures/fake-web-speech.js", import.meta.url),
);

/** What a test may set before the fake installs; see the header of fake-web-speech.js. */
export interface FakeSpeechConfig {
  recognition?: boolean;
  synthesis?: boolean;
  voicesDelayMs?: number | null;
  maxUtteranceLength?: number;
  wordDurationMs?: number;
  eventDelayMs?: number;
}

/** One utterance the fake engine was given. */
export interface SpokenUtterance {
  text: string;
  /** What the engine really said: shorter than `text` when it cut the utterance off. */
  heard: string;
  cut: boolean;
  lang: string;
  voice: string | null;
  rate: number;
  pitch: number;
  completed: boolean;
}

/** The page-side remote control, `window.__fakeSpeech`. */
export interface FakeSpeechControl {
  config: Required<FakeSpeechConfig>;
  recognitionEvents: string[];
  synthesisEvents: Array<{ type: string; text: string; error?: string }>;
  spoken: SpokenUtterance[];
  readonly listening: boolean;
  readonly recognition: { lang: string; continuous: boolean; interimResults: boolean } | null;
  readonly recognitionCount: number;
  readonly speaking: boolean;
  readonly voicesLoaded: boolean;
  maxUtteranceLength: number;
  wordDurationMs: number;
  whenListening(timeoutMs?: number): Promise<void>;
  say(phrases: string | string[], options?: { final?: boolean }): Promise<void>;
  fail(code: string): Promise<void>;
  failNextUtterance(code: string): void;
  loadVoices(): void;
}

/** Installs the fake in every page `context` opens from now on. */
export async function installFakeSpeech(
  context: BrowserContext,
  config: FakeSpeechConfig = {},
): Promise<void> {
  await context.addInitScript((settings) => {
    (window as unknown as { __fakeSpeechConfig: FakeSpeechConfig }).__fakeSpeechConfig = settings;
  }, config);
  await context.addInitScript({ path: fakeWebSpeechPath });
}

/** The page's window with the fake's remote control, for `page.evaluate` callbacks. */
export interface FakeSpeechWindow {
  __fakeSpeech: FakeSpeechControl;
}

/** Waits until the fake recognition has started and opened the microphone. */
export function whenListening(page: Page): Promise<void> {
  return page.evaluate(() => (window as unknown as FakeSpeechWindow).__fakeSpeech.whenListening());
}

/** The visitor says `phrases` (growing interim guesses; the last one final unless told not). */
export function say(page: Page, phrases: string[], final = true): Promise<void> {
  return page.evaluate(
    ([words, isFinal]) =>
      (window as unknown as FakeSpeechWindow).__fakeSpeech.say(words, { final: isFinal }),
    [phrases, final] as const,
  );
}

/** Recognition fails with `code` (now, or at the next start when nothing listens). */
export function failRecognition(page: Page, code: string): Promise<void> {
  return page.evaluate(
    (error) => (window as unknown as FakeSpeechWindow).__fakeSpeech.fail(error),
    code,
  );
}

/** A snapshot of the fake's state and logs. */
export function fakeState(page: Page): Promise<{
  recognitionEvents: string[];
  synthesisEvents: Array<{ type: string; text: string; error?: string }>;
  spoken: SpokenUtterance[];
  listening: boolean;
  speaking: boolean;
  recognitionCount: number;
  recognition: { lang: string; continuous: boolean; interimResults: boolean } | null;
}> {
  return page.evaluate(() => {
    const fake = (window as unknown as FakeSpeechWindow).__fakeSpeech;
    return {
      recognitionEvents: [...fake.recognitionEvents],
      synthesisEvents: fake.synthesisEvents.map((event) => ({ ...event })),
      spoken: fake.spoken.map((utterance) => ({ ...utterance })),
      listening: fake.listening,
      speaking: fake.speaking,
      recognitionCount: fake.recognitionCount,
      recognition: fake.recognition,
    };
  });
}
