import { findSpeechRecognition } from "./find-speech-recognition.js";
import { recognitionErrorMessage } from "./recognition-error-messages.js";
import { resolveSpeechLanguage } from "./resolve-speech-language.js";
import type {
  SpeechRecognitionErrorEventLike,
  SpeechRecognitionLike,
  SpeechRecognitionResultEventLike,
} from "./speech-recognition-types.js";

/** How voice input listens. */
export interface SpeechRecognitionOptions {
  /** BCP 47 tag; empty means {@link resolveSpeechLanguage}'s choice. */
  language: string;
  /** Report words while the visitor is still speaking. @default true */
  interimResults: boolean;
  /** Not used by the controller; carried for the widget, which sends the transcript. @default false */
  autoSend: boolean;
  /** Stop after this many milliseconds without a new result. @default 2000 */
  silenceTimeout: number;
}

/** What a recognition session reports, in this order: onStart, onInterim*, onError?, onEnd. */
export interface SpeechRecognitionCallbacks {
  /**
   * Listening began, in this language. Called from `start()` itself, so the button can show
   * "listening" while the browser still asks for microphone permission.
   */
  onStart(language: string): void;
  /** The words so far: confirmed text followed by the engine's current guess. */
  onInterim(text: string): void;
  /** The session is over; exactly once per `onStart`, after errors too. */
  onEnd(result: { transcript: string; duration: number }): void;
  /** The engine failed; `message` is plain words for the visitor. */
  onError(error: { code: string; message: string }): void;
}

/** Code reported when the page has no recognition API or the engine refuses to start. */
export const RECOGNITION_UNAVAILABLE_CODE = "service-not-allowed";

/**
 * If an engine never sends `end` after `stop()` (seen in some Android WebViews), the session is
 * closed anyway after this long so the button never stays stuck on "listening".
 */
const END_GRACE_MS = 4000;

interface RecognitionSession {
  readonly recognition: SpeechRecognitionLike;
  readonly startedAt: number;
  readonly detach: () => void;
  finalText: string;
  interimText: string;
  errorCode: string | null;
  stopRequested: boolean;
  silenceTimer: ReturnType<typeof setTimeout> | undefined;
  endGraceTimer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * One microphone session at a time over the Web Speech API: start, stop on request or after
 * silence, report the transcript once. Restartable; `dispose()` ends for good. Knows nothing of
 * the widget's UI, so it can be tested against a fake engine.
 */
export class SpeechRecognitionController {
  /** Whether this browser can do speech recognition at all. */
  static isSupported(win: Window = window): boolean {
    return findSpeechRecognition(win) !== undefined;
  }

  readonly #options: SpeechRecognitionOptions;
  readonly #callbacks: SpeechRecognitionCallbacks;
  readonly #environment: Window;
  #session: RecognitionSession | null = null;
  #disposed = false;

  /** `environment` is the window whose speech API is used; tests pass a fake. */
  constructor(
    options: SpeechRecognitionOptions,
    callbacks: SpeechRecognitionCallbacks,
    environment: Window = window,
  ) {
    this.#options = options;
    this.#callbacks = callbacks;
    this.#environment = environment;
  }

  /** True from `start()` until `onEnd`. */
  get listening(): boolean {
    return this.#session !== null;
  }

  /** Starts listening; does nothing while already listening or after `dispose()`. */
  start(): void {
    if (this.#disposed || this.#session) return;
    const Recognition = findSpeechRecognition(this.#environment);
    if (!Recognition) {
      this.#reportError(RECOGNITION_UNAVAILABLE_CODE);
      return;
    }
    const language = resolveSpeechLanguage(this.#options.language, this.#environment);
    const recognition = new Recognition();
    recognition.lang = language;
    // Continuous, so the engine's own end-of-speech guess does not cut the visitor off after a
    // short pause; our silence timer decides when they are done.
    recognition.continuous = true;
    recognition.interimResults = this.#options.interimResults;
    recognition.maxAlternatives = 1;

    const listeners: Array<[string, (event: Event) => void]> = [
      ["start", () => this.#armSilenceTimer(session)],
      ["audiostart", () => this.#armSilenceTimer(session)],
      ["result", (event) => this.#onResult(session, event as SpeechRecognitionResultEventLike)],
      ["error", (event) => this.#onError(session, event as SpeechRecognitionErrorEventLike)],
      ["end", () => this.#finish(session)],
    ];
    for (const [type, listener] of listeners) recognition.addEventListener(type, listener);
    const session: RecognitionSession = {
      recognition,
      startedAt: now(),
      detach: () => {
        for (const [type, listener] of listeners) recognition.removeEventListener(type, listener);
      },
      finalText: "",
      interimText: "",
      errorCode: null,
      stopRequested: false,
      silenceTimer: undefined,
      endGraceTimer: undefined,
    };

    // The session exists before the engine is asked, so events it fires synchronously are not
    // lost, and onStart precedes anything the engine reports.
    this.#session = session;
    this.#callbacks.onStart(language);
    try {
      recognition.start();
    } catch {
      // InvalidStateError: another recognition object of this page is still running.
      session.errorCode = RECOGNITION_UNAVAILABLE_CODE;
      this.#reportError(RECOGNITION_UNAVAILABLE_CODE);
      this.#finish(session);
    }
  }

  /** Stops listening and keeps what was heard; `onEnd` follows when the engine has finished. */
  stop(): void {
    const session = this.#session;
    if (!session || session.stopRequested) return;
    session.stopRequested = true;
    clearTimeout(session.silenceTimer);
    session.endGraceTimer = setTimeout(() => {
      abortQuietly(session.recognition);
      this.#finish(session);
    }, END_GRACE_MS);
    try {
      session.recognition.stop();
    } catch {
      this.#finish(session);
    }
  }

  /** Stops at once (no more callbacks after `onEnd`) and refuses later starts. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const session = this.#session;
    if (!session) return;
    session.stopRequested = true;
    abortQuietly(session.recognition);
    this.#finish(session);
  }

  #onResult(session: RecognitionSession, event: SpeechRecognitionResultEventLike): void {
    if (this.#session !== session) return;
    // `results` holds the whole session (continuous mode), so the text is rebuilt from it rather
    // than patched from `resultIndex`: simpler, and the lists are a few entries long.
    let finalText = "";
    let interimText = "";
    for (let index = 0; index < event.results.length; index++) {
      const result = event.results[index];
      const transcript = result?.[0]?.transcript ?? "";
      if (result?.isFinal) finalText = joinWords(finalText, transcript);
      else interimText = joinWords(interimText, transcript);
    }
    session.finalText = finalText;
    session.interimText = interimText;
    if (!session.stopRequested) this.#armSilenceTimer(session);
    if (this.#options.interimResults) this.#callbacks.onInterim(joinWords(finalText, interimText));
  }

  #onError(session: RecognitionSession, event: SpeechRecognitionErrorEventLike): void {
    if (this.#session !== session || session.errorCode !== null) return;
    // Our own stop() can surface as "aborted" or "no-speech" in some engines: not the visitor's
    // problem, and the session ends normally.
    if (session.stopRequested && (event.error === "aborted" || event.error === "no-speech")) return;
    session.errorCode = event.error;
    this.#reportError(event.error);
    // Engines follow an error with `end`; the grace timer covers those that do not.
    clearTimeout(session.silenceTimer);
    if (session.endGraceTimer === undefined) {
      session.endGraceTimer = setTimeout(() => this.#finish(session), END_GRACE_MS);
    }
  }

  #armSilenceTimer(session: RecognitionSession): void {
    if (this.#session !== session || session.stopRequested) return;
    clearTimeout(session.silenceTimer);
    session.silenceTimer = setTimeout(() => this.stop(), this.#options.silenceTimeout);
  }

  #finish(session: RecognitionSession): void {
    if (this.#session !== session) return;
    this.#session = null;
    clearTimeout(session.silenceTimer);
    clearTimeout(session.endGraceTimer);
    session.detach();
    // After a failure only the engine's confirmed words count, so a half-heard guess is never
    // sent on the visitor's behalf.
    const transcript =
      session.errorCode === null
        ? joinWords(session.finalText, session.interimText)
        : session.finalText;
    this.#callbacks.onEnd({
      transcript,
      duration: Math.max(0, Math.round(now() - session.startedAt)),
    });
  }

  #reportError(code: string): void {
    this.#callbacks.onError({ code, message: recognitionErrorMessage(code) });
  }
}

function joinWords(first: string, second: string): string {
  const left = first.trim();
  const right = second.trim();
  if (left === "") return right;
  if (right === "") return left;
  return `${left} ${right}`;
}

function abortQuietly(recognition: SpeechRecognitionLike): void {
  try {
    recognition.abort();
  } catch {
    // Already stopped: nothing to abort.
  }
}

function now(): number {
  return typeof performance === "undefined" ? Date.now() : performance.now();
}
