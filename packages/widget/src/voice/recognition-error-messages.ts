import type { SpeechRecognitionErrorCode } from "./speech-recognition-types.js";

/**
 * What the visitor is told for each recognition error. Plain words, no error names: the name
 * goes to the host page in the `error` event's details instead.
 */
export const RECOGNITION_ERROR_MESSAGES: Readonly<Record<SpeechRecognitionErrorCode, string>> = {
  "not-allowed":
    "Microphone access is blocked. Allow the microphone for this site in your browser, then try again.",
  "service-not-allowed": "Voice input is not available in this browser or on this page.",
  "no-speech": "I didn't hear anything. Press the microphone button and try speaking again.",
  "audio-capture":
    "No microphone was found. Check that one is connected and not in use by another app.",
  network: "Voice input needs an internet connection. Check your connection and try again.",
  aborted: "Voice input was interrupted. Press the microphone button to try again.",
  "language-not-supported": "Voice input does not support this language.",
  "bad-grammar":
    "Voice input could not start because of a setup problem. Please type your message.",
};

/** Said for error names the specification does not list (engines add their own). */
export const UNKNOWN_RECOGNITION_ERROR_MESSAGE =
  "Voice input stopped because of an unexpected problem. Please try again or type your message.";

/** The plain-words message for a recognition error name. */
export function recognitionErrorMessage(code: string): string {
  return Object.hasOwn(RECOGNITION_ERROR_MESSAGES, code)
    ? RECOGNITION_ERROR_MESSAGES[code as SpeechRecognitionErrorCode]
    : UNKNOWN_RECOGNITION_ERROR_MESSAGE;
}
