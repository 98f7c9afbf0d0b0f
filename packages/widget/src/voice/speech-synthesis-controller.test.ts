import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { loadMarkdown } from "../render/load-markdown.js";
import {
  SpeechSynthesisController,
  SYNTHESIS_UNAVAILABLE_CODE,
  type SpeechSynthesisOptions,
} from "./speech-synthesis-controller.js";

// The controller reads the answer's plain words once the markdown chunk is there, as in the widget.
beforeAll(async () => {
  await loadMarkdown();
});

class FakeUtterance extends EventTarget {
  lang = "";
  voice: SpeechSynthesisVoice | null = null;
  rate = 1;
  pitch = 1;
  constructor(readonly text: string) {
    super();
  }
}

/** A synthesis engine the test drives by hand: it speaks nothing until told to finish. */
class FakeSynthesis extends EventTarget {
  voices: SpeechSynthesisVoice[] = [];
  spoken: FakeUtterance[] = [];
  queue: FakeUtterance[] = [];
  cancelCount = 0;
  getVoices(): SpeechSynthesisVoice[] {
    return this.voices;
  }
  speak(utterance: FakeUtterance): void {
    this.spoken.push(utterance);
    this.queue.push(utterance);
  }
  cancel(): void {
    this.cancelCount += 1;
    const cancelled = this.queue.splice(0);
    cancelled.forEach((utterance, index) =>
      utterance.dispatchEvent(
        Object.assign(new Event("error"), { error: index === 0 ? "interrupted" : "canceled" }),
      ),
    );
  }
  /** The utterance being spoken finishes normally. */
  finishCurrent(): void {
    const utterance = this.queue.shift();
    utterance?.dispatchEvent(new Event("end"));
  }
  failCurrent(code: string): void {
    const utterance = this.queue.shift();
    utterance?.dispatchEvent(Object.assign(new Event("error"), { error: code }));
  }
  loadVoices(voices: SpeechSynthesisVoice[]): void {
    this.voices = voices;
    this.dispatchEvent(new Event("voiceschanged"));
  }
}

function voice(
  name: string,
  lang: string,
  extra: Partial<SpeechSynthesisVoice> = {},
): SpeechSynthesisVoice {
  return { name, lang, default: false, localService: true, voiceURI: name, ...extra };
}

const options: SpeechSynthesisOptions = {
  autoPlay: false,
  rate: 1.2,
  pitch: 0.9,
  language: "en-US",
};
let synthesis: FakeSynthesis;

function setUp(overrides: Partial<SpeechSynthesisOptions> = {}, globals?: Record<string, unknown>) {
  const log: Array<[string, ...unknown[]]> = [];
  const win = {
    ...(globals ?? { speechSynthesis: synthesis, SpeechSynthesisUtterance: FakeUtterance }),
    document: { documentElement: { lang: "" } },
    navigator: { language: "en-US" },
  } as unknown as Window;
  const controller = new SpeechSynthesisController(
    { ...options, ...overrides },
    {
      onStart: (messageId, text) => log.push(["start", messageId, text]),
      onEnd: (messageId, duration) => log.push(["end", messageId, duration]),
      onError: (error) => log.push(["error", error]),
    },
    win,
  );
  return { controller, log };
}

beforeEach(() => {
  synthesis = new FakeSynthesis();
  synthesis.voices = [voice("English", "en-US")];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("SpeechSynthesisController.isSupported", () => {
  it("needs both speechSynthesis and SpeechSynthesisUtterance", () => {
    const make = (globals: object) => globals as unknown as Window;
    expect(
      SpeechSynthesisController.isSupported(
        make({ speechSynthesis: synthesis, SpeechSynthesisUtterance: FakeUtterance }),
      ),
    ).toBe(true);
    expect(SpeechSynthesisController.isSupported(make({ speechSynthesis: synthesis }))).toBe(false);
    expect(SpeechSynthesisController.isSupported(make({}))).toBe(false);
  });
});

describe("SpeechSynthesisController", () => {
  it("reads the plain text sentence by sentence, one utterance at a time, then ends once", () => {
    const { controller, log } = setUp();
    controller.speak("m1", "## Hours\n\nWe open at **nine**. See [the map](https://x.test/map).");
    expect(log).toEqual([["start", "m1", "Hours. We open at nine. See the map."]]);
    expect(controller.speakingMessageId).toBe("m1");
    expect(synthesis.spoken.map((utterance) => utterance.text)).toEqual(["Hours."]);
    const first = synthesis.spoken[0]!;
    expect([first.lang, first.rate, first.pitch, first.voice?.name]).toEqual([
      "en-US",
      1.2,
      0.9,
      "English",
    ]);
    synthesis.finishCurrent();
    synthesis.finishCurrent();
    vi.advanceTimersByTime(700);
    synthesis.finishCurrent();
    expect(synthesis.spoken.map((utterance) => utterance.text)).toEqual([
      "Hours.",
      "We open at nine.",
      "See the map.",
    ]);
    expect(log).toEqual([
      ["start", "m1", "Hours. We open at nine. See the map."],
      ["end", "m1", 700],
    ]);
    expect(controller.speakingMessageId).toBeNull();
  });

  it("splits a sentence longer than an engine can take", () => {
    const { controller } = setUp();
    const long = `${Array.from({ length: 120 }, (_, index) => `word${index}`).join(" ")}.`;
    controller.speak("m1", long);
    for (let index = 0; index < 10; index++) synthesis.finishCurrent();
    const texts = synthesis.spoken.map((utterance) => utterance.text);
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(200);
    expect(texts.join(" ")).toBe(long);
  });

  it("waits for voiceschanged when no voices are loaded yet, then picks the voice by name", () => {
    synthesis.voices = [];
    const { controller, log } = setUp({ voice: "daniel" });
    controller.speak("m1", "Hello.");
    expect(log).toHaveLength(1);
    expect(synthesis.spoken).toHaveLength(0);
    synthesis.loadVoices([voice("Samantha", "en-US", { default: true }), voice("Daniel", "en-GB")]);
    expect(
      synthesis.spoken.map((utterance) => [utterance.text, utterance.voice?.name, utterance.lang]),
    ).toEqual([["Hello.", "Daniel", "en-GB"]]);
  });

  it("starts with the engine's default voice if voiceschanged never comes", () => {
    synthesis.voices = [];
    const { controller } = setUp();
    controller.speak("m1", "Hello.");
    vi.advanceTimersByTime(2999);
    expect(synthesis.spoken).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(synthesis.spoken).toHaveLength(1);
    expect(synthesis.spoken[0]!.voice).toBeNull();
    expect(synthesis.spoken[0]!.lang).toBe("en-US");
  });

  it("speaking another message stops the current one, which still ends", () => {
    const { controller, log } = setUp();
    controller.speak("m1", "First answer. Two sentences.");
    controller.speak("m2", "Second answer.");
    expect(synthesis.cancelCount).toBe(1);
    expect(log).toEqual([
      ["start", "m1", "First answer. Two sentences."],
      ["end", "m1", 0],
      ["start", "m2", "Second answer."],
    ]);
    expect(synthesis.spoken.map((utterance) => utterance.text)).toEqual([
      "First answer.",
      "Second answer.",
    ]);
    expect(controller.speakingMessageId).toBe("m2");
  });

  it("stop ends once, quietly, and ignores the engine's interrupted error", () => {
    const { controller, log } = setUp();
    controller.speak("m1", "One. Two.");
    controller.stop();
    controller.stop();
    expect(log).toEqual([
      ["start", "m1", "One. Two."],
      ["end", "m1", 0],
    ]);
    expect(synthesis.spoken).toHaveLength(1);
  });

  it("reports a synthesis failure in plain words and ends the reading", () => {
    const { controller, log } = setUp();
    controller.speak("m1", "One. Two.");
    synthesis.failCurrent("audio-busy");
    expect(log.slice(1)).toEqual([
      ["error", { code: "audio-busy", message: expect.stringMatching(/busy/) }],
      ["end", "m1", 0],
    ]);
    expect(synthesis.spoken).toHaveLength(1);
  });

  it("treats a cancel by someone else as a stop, not an error", () => {
    const { controller, log } = setUp();
    controller.speak("m1", "One. Two.");
    synthesis.cancel();
    expect(log.map(([kind]) => kind)).toEqual(["start", "end"]);
    expect(controller.speakingMessageId).toBeNull();
  });

  it("dispose stops with one end and refuses to speak again", () => {
    const { controller, log } = setUp();
    controller.speak("m1", "One.");
    controller.dispose();
    controller.dispose();
    controller.speak("m2", "Two.");
    expect(log).toEqual([
      ["start", "m1", "One."],
      ["end", "m1", 0],
    ]);
  });

  it("dispose while waiting for voices never speaks", () => {
    synthesis.voices = [];
    const { controller, log } = setUp();
    controller.speak("m1", "One.");
    controller.dispose();
    synthesis.loadVoices([voice("English", "en-US")]);
    vi.advanceTimersByTime(5000);
    expect(synthesis.spoken).toHaveLength(0);
    expect(log.map(([kind]) => kind)).toEqual(["start", "end"]);
  });

  it("says nothing and fires nothing for an answer without words", () => {
    const { controller, log } = setUp();
    controller.speak("m1", "```\ncode\n```");
    expect(log).toEqual([]);
    expect(controller.speakingMessageId).toBeNull();
  });

  it("reports unavailability where the page has no speech synthesis", () => {
    const { controller, log } = setUp({}, {});
    controller.speak("m1", "Hello.");
    expect(log).toEqual([
      ["error", { code: SYNTHESIS_UNAVAILABLE_CODE, message: expect.any(String) }],
    ]);
  });
});
