// TypeScript's DOM library ships the result types of the Web Speech API but not the recognition
// object itself (only Chromium and Safari implement it, Chromium under a prefix), so the part we
// use is declared here.

/** The error names a recognition engine reports, from the Web Speech API specification. */
export type SpeechRecognitionErrorCode =
  | "aborted"
  | "audio-capture"
  | "bad-grammar"
  | "language-not-supported"
  | "network"
  | "no-speech"
  | "not-allowed"
  | "service-not-allowed";

/** The `result` event: every result of the session so far, from `resultIndex` on changed. */
export interface SpeechRecognitionResultEventLike extends Event {
  readonly resultIndex: number;
  readonly results: SpeechRecognitionResultList;
}

/** The `error` event. */
export interface SpeechRecognitionErrorEventLike extends Event {
  readonly error: string;
  readonly message: string;
}

/** The recognition object (`SpeechRecognition` or `webkitSpeechRecognition`). */
export interface SpeechRecognitionLike extends EventTarget {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  maxAlternatives: number;
  start(): void;
  stop(): void;
  abort(): void;
}

/** Its constructor, as found on `window`. */
export type SpeechRecognitionConstructor = new () => SpeechRecognitionLike;

/** The globals through which a page reaches the recognition API. */
export interface SpeechRecognitionHost {
  SpeechRecognition?: SpeechRecognitionConstructor;
  webkitSpeechRecognition?: SpeechRecognitionConstructor;
}
