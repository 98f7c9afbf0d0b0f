/**
 * What the visitor is told when read-aloud fails, by `SpeechSynthesisErrorEvent.error`.
 * `interrupted` and `canceled` are absent on purpose: they mean someone stopped speech, which is
 * not a failure.
 */
export const SYNTHESIS_ERROR_MESSAGES: Readonly<Partial<Record<SpeechSynthesisErrorCode, string>>> =
  {
    "audio-busy": "Read-aloud could not start because the audio output is busy.",
    "audio-hardware": "Read-aloud could not find an audio output.",
    network: "Read-aloud needs an internet connection for this voice.",
    "not-allowed": "This browser blocked read-aloud. Interact with the page first, then try again.",
    "language-unavailable": "Read-aloud has no voice for this language.",
    "voice-unavailable": "The chosen read-aloud voice is not available.",
    "text-too-long": "This answer is too long to read aloud.",
  };

/** Said for any other synthesis failure. */
export const UNKNOWN_SYNTHESIS_ERROR_MESSAGE =
  "Read-aloud stopped because the speech engine failed.";

/** The plain-words message for a synthesis error name. */
export function synthesisErrorMessage(code: string): string {
  return (
    SYNTHESIS_ERROR_MESSAGES[code as SpeechSynthesisErrorCode] ?? UNKNOWN_SYNTHESIS_ERROR_MESSAGE
  );
}
