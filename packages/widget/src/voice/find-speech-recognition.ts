import type {
  SpeechRecognitionConstructor,
  SpeechRecognitionHost,
} from "./speech-recognition-types.js";

/**
 * The page's recognition constructor: the standard name first, then Chromium's and Safari's
 * prefixed one. `undefined` where the browser has no speech recognition (Firefox, most WebViews).
 */
export function findSpeechRecognition(win: Window): SpeechRecognitionConstructor | undefined {
  const host = win as unknown as SpeechRecognitionHost;
  const constructor = host.SpeechRecognition ?? host.webkitSpeechRecognition;
  return typeof constructor === "function" ? constructor : undefined;
}
