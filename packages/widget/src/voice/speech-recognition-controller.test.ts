import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RECOGNITION_ERROR_MESSAGES } from "./recognition-error-messages.js";
import {
  RECOGNITION_UNAVAILABLE_CODE,
  SpeechRecognitionController,
  type SpeechRecognitionOptions,
} from "./speech-recognition-controller.js";

/** A recognition engine the test drives by hand, one instance per session. */
class FakeRecognition extends EventTarget {
  static instances: FakeRecognition[] = [];
  lang = "";
  continuous = false;
  interimResults = false;
  maxAlternatives = 0;
  calls: string[] = [];
  throwOnStart = false;

  constructor() {
    super();
    FakeRecognition.instances.push(this);
  }
  start(): void {
    this.calls.push("start");
    if (this.throwOnStart) throw new DOMException("already started", "InvalidStateError");
  }
  stop(): void {
    this.calls.push("stop");
  }
  abort(): void {
    this.calls.push("abort");
  }
  fire(type: string): void {
    this.dispatchEvent(new Event(type));
  }
  fireResults(results: Array<{ transcript: string; isFinal: boolean }>): void {
    const list = results.map(({ transcript, isFinal }) =>
      Object.assign([{ transcript, confidence: 0.9 }], { isFinal }),
    );
    this.dispatchEvent(Object.assign(new Event("result"), { resultIndex: 0, results: list }));
  }
  fireError(code: string): void {
    this.dispatchEvent(Object.assign(new Event("error"), { error: code, message: "" }));
  }
}

function fakeWindow(
  globals: Record<string, unknown> = { SpeechRecognition: FakeRecognition },
): Window {
  return {
    ...globals,
    document: { documentElement: { lang: "fr-CA" } },
    navigator: { language: "de-DE" },
  } as unknown as Window;
}

const options: SpeechRecognitionOptions = {
  language: "en-GB",
  interimResults: true,
  autoSend: false,
  silenceTimeout: 2000,
};

function setUp(overrides: Partial<SpeechRecognitionOptions> = {}, win = fakeWindow()) {
  const log: Array<[string, unknown]> = [];
  const controller = new SpeechRecognitionController(
    { ...options, ...overrides },
    {
      onStart: (language) => log.push(["start", language]),
      onInterim: (text) => log.push(["interim", text]),
      onEnd: (result) => log.push(["end", result]),
      onError: (error) => log.push(["error", error]),
    },
    win,
  );
  return { controller, log, engine: () => FakeRecognition.instances.at(-1)! };
}

beforeEach(() => {
  FakeRecognition.instances = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("SpeechRecognitionController.isSupported", () => {
  it("finds the standard and the prefixed constructor, and reports absence", () => {
    expect(SpeechRecognitionController.isSupported(fakeWindow())).toBe(true);
    expect(
      SpeechRecognitionController.isSupported(
        fakeWindow({ webkitSpeechRecognition: FakeRecognition }),
      ),
    ).toBe(true);
    expect(SpeechRecognitionController.isSupported(fakeWindow({}))).toBe(false);
  });
});

describe("SpeechRecognitionController", () => {
  it("configures the engine and reports start, interim text and the final transcript", () => {
    const { controller, log, engine } = setUp();
    controller.start();
    const recognition = engine();
    expect(recognition.lang).toBe("en-GB");
    expect(recognition.continuous).toBe(true);
    expect(recognition.interimResults).toBe(true);
    expect(controller.listening).toBe(true);
    recognition.fire("start");
    recognition.fire("audiostart");
    recognition.fireResults([{ transcript: "hello", isFinal: false }]);
    recognition.fireResults([{ transcript: "hello world", isFinal: true }]);
    recognition.fireResults([
      { transcript: "hello world", isFinal: true },
      { transcript: "how are", isFinal: false },
    ]);
    controller.stop();
    expect(recognition.calls).toEqual(["start", "stop"]);
    recognition.fireResults([
      { transcript: "hello world", isFinal: true },
      { transcript: " how are you", isFinal: true },
    ]);
    recognition.fire("speechend");
    recognition.fire("end");
    expect(log).toEqual([
      ["start", "en-GB"],
      ["interim", "hello"],
      ["interim", "hello world"],
      ["interim", "hello world how are"],
      ["interim", "hello world how are you"],
      ["end", { transcript: "hello world how are you", duration: 0 }],
    ]);
    expect(controller.listening).toBe(false);
  });

  it("does not report interim text when interimResults is off", () => {
    const { controller, log, engine } = setUp({ interimResults: false });
    controller.start();
    expect(engine().interimResults).toBe(false);
    engine().fireResults([{ transcript: "final words", isFinal: true }]);
    engine().fire("end");
    expect(log.map(([kind]) => kind)).toEqual(["start", "end"]);
    expect(log[1]?.[1]).toMatchObject({ transcript: "final words" });
  });

  it("stops after silenceTimeout without results, and each result restarts the wait", () => {
    const { controller, engine } = setUp({ silenceTimeout: 1500 });
    controller.start();
    const recognition = engine();
    recognition.fire("start");
    vi.advanceTimersByTime(1000);
    recognition.fireResults([{ transcript: "one", isFinal: false }]);
    vi.advanceTimersByTime(1000);
    expect(recognition.calls).toEqual(["start"]);
    vi.advanceTimersByTime(500);
    expect(recognition.calls).toEqual(["start", "stop"]);
  });

  it("measures duration from start to end", () => {
    const { controller, log, engine } = setUp({ silenceTimeout: 60_000 });
    controller.start();
    vi.advanceTimersByTime(1234);
    engine().fire("end");
    expect(log.at(-1)).toEqual(["end", { transcript: "", duration: 1234 }]);
  });

  it.each(Object.keys(RECOGNITION_ERROR_MESSAGES))(
    "reports %s in plain words and still ends the session once",
    (code) => {
      const { controller, log, engine } = setUp();
      controller.start();
      const recognition = engine();
      recognition.fire("start");
      recognition.fireResults([{ transcript: "half heard", isFinal: false }]);
      recognition.fireError(code);
      recognition.fire("end");
      recognition.fire("end");
      const message = RECOGNITION_ERROR_MESSAGES[code as keyof typeof RECOGNITION_ERROR_MESSAGES];
      expect(message).not.toMatch(/[a-z]+-[a-z]+-?/);
      expect(log.slice(2)).toEqual([
        ["error", { code, message }],
        // A guess the engine never confirmed is not a transcript.
        ["end", { transcript: "", duration: 0 }],
      ]);
      expect(controller.listening).toBe(false);
    },
  );

  it("keeps confirmed words after an error", () => {
    const { controller, log, engine } = setUp();
    controller.start();
    engine().fireResults([{ transcript: "book a table", isFinal: true }]);
    engine().fireError("network");
    engine().fire("end");
    expect(log.at(-1)).toEqual(["end", { transcript: "book a table", duration: 0 }]);
  });

  it("reports only the first error of a session", () => {
    const { controller, log, engine } = setUp();
    controller.start();
    engine().fireError("audio-capture");
    engine().fireError("aborted");
    engine().fire("end");
    expect(log.filter(([kind]) => kind === "error")).toHaveLength(1);
  });

  it("ends the session even when the engine never sends end after an error", () => {
    const { controller, log, engine } = setUp();
    controller.start();
    engine().fireError("network");
    expect(controller.listening).toBe(true);
    vi.advanceTimersByTime(5000);
    expect(controller.listening).toBe(false);
    expect(log.filter(([kind]) => kind === "end")).toHaveLength(1);
  });

  it("does not report the engine's no-speech or aborted that follow our own stop", () => {
    const { controller, log, engine } = setUp();
    controller.start();
    controller.stop();
    engine().fireError("no-speech");
    engine().fire("end");
    expect(log.map(([kind]) => kind)).toEqual(["start", "end"]);
  });

  it("can be started again after a session, with a fresh engine object", () => {
    const { controller, log, engine } = setUp();
    controller.start();
    const first = engine();
    first.fireError("not-allowed");
    first.fire("end");
    controller.start();
    const second = engine();
    expect(second).not.toBe(first);
    second.fireResults([{ transcript: "again", isFinal: true }]);
    second.fire("end");
    expect(log.filter(([kind]) => kind === "start")).toHaveLength(2);
    expect(log.at(-1)).toEqual(["end", { transcript: "again", duration: 0 }]);
  });

  it("ignores start while listening", () => {
    const { controller, log } = setUp();
    controller.start();
    controller.start();
    expect(FakeRecognition.instances).toHaveLength(1);
    expect(log).toHaveLength(1);
  });

  it("dispose aborts at once, ends once, ignores late events and refuses restarts", () => {
    const { controller, log, engine } = setUp();
    controller.start();
    const recognition = engine();
    recognition.fireResults([{ transcript: "late", isFinal: true }]);
    controller.dispose();
    expect(recognition.calls).toEqual(["start", "abort"]);
    recognition.fireError("aborted");
    recognition.fire("end");
    controller.start();
    expect(log).toEqual([
      ["start", "en-GB"],
      ["interim", "late"],
      ["end", { transcript: "late", duration: 0 }],
    ]);
    expect(FakeRecognition.instances).toHaveLength(1);
  });

  it("reports an engine that refuses to start as an error with a paired end", () => {
    const win = fakeWindow({
      SpeechRecognition: class extends FakeRecognition {
        override throwOnStart = true;
      },
    });
    const { controller, log } = setUp({}, win);
    controller.start();
    expect(log).toEqual([
      ["start", "en-GB"],
      ["error", { code: RECOGNITION_UNAVAILABLE_CODE, message: expect.any(String) }],
      ["end", { transcript: "", duration: 0 }],
    ]);
    expect(controller.listening).toBe(false);
  });

  it("reports unavailability without starting where there is no engine", () => {
    const { controller, log } = setUp({}, fakeWindow({}));
    controller.start();
    expect(log).toEqual([
      ["error", { code: RECOGNITION_UNAVAILABLE_CODE, message: expect.any(String) }],
    ]);
  });

  it("falls back to the page language, then the browser language", () => {
    const { controller, engine } = setUp({ language: "" });
    controller.start();
    expect(engine().lang).toBe("fr-CA");
  });
});
