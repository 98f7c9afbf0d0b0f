import { chooseVoice } from "./choose-voice.js";
import { speechText } from "../render/load-markdown.js";
import { resolveSpeechLanguage } from "./resolve-speech-language.js";
import { splitIntoUtterances } from "./split-into-utterances.js";
import { synthesisErrorMessage } from "./synthesis-error-messages.js";

/** How answers are read aloud. */
export interface SpeechSynthesisOptions {
  /** Not used by the controller; carried for the widget, which decides when to speak. @default false */
  autoPlay: boolean;
  /** Name of the voice to prefer. @default the best voice for `language` */
  voice?: string;
  /** Speaking rate, 0.1–10. @default 1 */
  rate: number;
  /** Pitch, 0–2. @default 1 */
  pitch: number;
  /** BCP 47 tag; empty means {@link resolveSpeechLanguage}'s choice. */
  language: string;
}

/** What read-aloud reports: onStart, onError?, onEnd, once each per `speak()`. */
export interface SpeechSynthesisCallbacks {
  /** Reading `text` (the answer's plain text) began; called from `speak()`. */
  onStart(messageId: string, text: string): void;
  /** Reading ended: finished, stopped, replaced by another answer, or failed. */
  onEnd(messageId: string, duration: number): void;
  /** The engine failed; `message` is plain words for the visitor. */
  onError(error: { code: string; message: string }): void;
}

/** Code reported when the page has no speech synthesis. */
export const SYNTHESIS_UNAVAILABLE_CODE = "synthesis-unavailable";

/**
 * Engines without any installed voice (Chromium on a bare Linux) never fire `voiceschanged`.
 * After this long without it, reading starts with the engine's default voice rather than hanging.
 */
const VOICES_GRACE_MS = 3000;

/** TypeScript's `Window` lacks the constructor, which lives on the global object. */
interface SpeechSynthesisHost {
  speechSynthesis?: SpeechSynthesis;
  SpeechSynthesisUtterance?: typeof SpeechSynthesisUtterance;
}

interface ReadingSession {
  readonly messageId: string;
  readonly utterances: readonly string[];
  readonly startedAt: number;
  next: number;
  /** Held so the engine's utterance is not garbage-collected mid-speech (a Chromium bug). */
  current: SpeechSynthesisUtterance | null;
  ended: boolean;
}

/**
 * Reads one answer at a time, sentence by sentence. Another `speak()` replaces the current
 * reading; `stop()` and `dispose()` end it. Knows nothing of the widget's UI.
 */
export class SpeechSynthesisController {
  /** Whether this browser can speak at all. */
  static isSupported(win: Window = window): boolean {
    const host = win as unknown as SpeechSynthesisHost;
    return (
      typeof host.speechSynthesis === "object" &&
      host.speechSynthesis !== null &&
      typeof host.SpeechSynthesisUtterance === "function"
    );
  }

  readonly #options: SpeechSynthesisOptions;
  readonly #callbacks: SpeechSynthesisCallbacks;
  readonly #environment: Window;
  readonly #host: SpeechSynthesisHost;
  #session: ReadingSession | null = null;
  #voicesReady = false;
  #waitingForVoices: (() => void) | null = null;
  #disposed = false;

  /** `environment` is the window whose speech API is used; tests pass a fake. */
  constructor(
    options: SpeechSynthesisOptions,
    callbacks: SpeechSynthesisCallbacks,
    environment: Window = window,
  ) {
    this.#options = options;
    this.#callbacks = callbacks;
    this.#environment = environment;
    this.#host = environment as unknown as SpeechSynthesisHost;
  }

  /** The message being read, or null. */
  get speakingMessageId(): string | null {
    return this.#session?.messageId ?? null;
  }

  /** Reads an answer (markdown) aloud, ending any reading in progress first. */
  speak(messageId: string, markdown: string): void {
    if (this.#disposed) return;
    if (!SpeechSynthesisController.isSupported(this.#environment)) {
      this.#reportError(SYNTHESIS_UNAVAILABLE_CODE);
      return;
    }
    this.stop();
    const text = speechText(markdown);
    const utterances = splitIntoUtterances(text);
    if (utterances.length === 0) return;
    const session: ReadingSession = {
      messageId,
      utterances,
      startedAt: now(),
      next: 0,
      current: null,
      ended: false,
    };
    this.#session = session;
    this.#callbacks.onStart(messageId, text);
    this.#whenVoicesReady(() => this.#speakNext(session));
  }

  /** Ends the current reading, if any; its `onEnd` fires now. */
  stop(): void {
    const session = this.#session;
    if (!session) return;
    this.#end(session);
    // After #end, so the `interrupted` errors cancel() raises find the session already over.
    this.#host.speechSynthesis?.cancel();
  }

  /** Stops and refuses later `speak()` calls. */
  dispose(): void {
    if (this.#disposed) return;
    this.stop();
    this.#disposed = true;
    this.#waitingForVoices?.();
  }

  #whenVoicesReady(then: () => void): void {
    const synthesis = this.#host.speechSynthesis;
    if (!synthesis) return;
    if (this.#voicesReady || synthesis.getVoices().length > 0) {
      this.#voicesReady = true;
      then();
      return;
    }
    // Chromium loads its voice list after the page; the first getVoices() is empty until
    // `voiceschanged`. Several speak() calls while waiting share one wait; only the latest
    // session is still current when it ends.
    this.#waitingForVoices?.();
    const ready = () => {
      cleanUp();
      this.#voicesReady = true;
      if (!this.#disposed) then();
    };
    const timer = setTimeout(ready, VOICES_GRACE_MS);
    const cleanUp = () => {
      clearTimeout(timer);
      synthesis.removeEventListener("voiceschanged", ready);
      if (this.#waitingForVoices === cleanUp) this.#waitingForVoices = null;
    };
    synthesis.addEventListener("voiceschanged", ready);
    this.#waitingForVoices = cleanUp;
  }

  #speakNext(session: ReadingSession): void {
    if (session.ended || this.#session !== session) return;
    const text = session.utterances[session.next];
    if (text === undefined) {
      this.#end(session);
      return;
    }
    session.next += 1;
    const { speechSynthesis: synthesis, SpeechSynthesisUtterance: Utterance } = this.#host;
    if (!synthesis || !Utterance) return;
    const utterance = new Utterance(text);
    const language = resolveSpeechLanguage(this.#options.language, this.#environment);
    utterance.lang = language;
    utterance.rate = this.#options.rate;
    utterance.pitch = this.#options.pitch;
    const voice = chooseVoice(synthesis.getVoices(), { name: this.#options.voice, language });
    if (voice) {
      utterance.voice = voice;
      utterance.lang = voice.lang;
    }
    utterance.addEventListener("end", () => {
      if (session.current === utterance) this.#speakNext(session);
    });
    utterance.addEventListener("error", (event: SpeechSynthesisErrorEvent) => {
      if (session.ended || session.current !== utterance) return;
      const code = event.error;
      // Someone else cancelled the engine (another widget, the page): treat it as a stop.
      if (code !== "interrupted" && code !== "canceled") this.#reportError(code);
      this.#end(session);
    });
    session.current = utterance;
    synthesis.speak(utterance);
  }

  #end(session: ReadingSession): void {
    if (session.ended) return;
    session.ended = true;
    session.current = null;
    if (this.#session === session) this.#session = null;
    this.#callbacks.onEnd(session.messageId, Math.max(0, Math.round(now() - session.startedAt)));
  }

  #reportError(code: string): void {
    this.#callbacks.onError({ code, message: synthesisErrorMessage(code) });
  }
}

function now(): number {
  return typeof performance === "undefined" ? Date.now() : performance.now();
}
