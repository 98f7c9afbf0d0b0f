import type { StringKey } from "./en.js";

/** The visitor's words for each voice input error (the `error` event keeps the English message). */
const recognitionProblems: Record<string, StringKey> = {
  "not-allowed": "micBlocked",
  "service-not-allowed": "voiceUnavailable",
  "no-speech": "noSpeech",
  "audio-capture": "noMicrophone",
  network: "voiceOffline",
  aborted: "voiceInterrupted",
  "language-not-supported": "voiceLanguage",
  "bad-grammar": "voiceSetup",
};

/** The same for read-aloud errors. */
const synthesisProblems: Record<string, StringKey> = {
  "audio-busy": "audioBusy",
  "audio-hardware": "noAudioOutput",
  network: "readAloudOffline",
  "not-allowed": "readAloudBlocked",
  "language-unavailable": "readAloudLanguage",
  "voice-unavailable": "readAloudVoice",
  "text-too-long": "readAloudTooLong",
};

/** The string key of a voice problem, by where it happened and its error name. */
export function voiceProblem(source: "recognition" | "synthesis", code: string): StringKey {
  const table = source === "recognition" ? recognitionProblems : synthesisProblems;
  return Object.hasOwn(table, code)
    ? (table[code] as StringKey)
    : source === "recognition"
      ? "voiceFailed"
      : "readAloudFailed";
}
