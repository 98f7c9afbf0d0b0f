import type { Signal } from "@preact/signals-core";

/** The voice features as the UI sees them; unsupported features render nothing. */
export interface VoiceUi {
  /** Voice input is on and the browser can recognise speech. */
  micAvailable: boolean;
  listening: Signal<boolean>;
  toggleListening(): void;
  /** Read-aloud is on and the browser can speak. */
  ttsAvailable: boolean;
  /** The answer being read aloud, if any. */
  speakingId: Signal<string | null>;
  toggleSpeaking(messageId: string, markdown: string): void;
  /** The last voice failure in plain words, shown by the input until the next attempt. */
  problem: Signal<string | null>;
  /** Stops listening and speaking (the window closed). */
  stop(): void;
  dispose(): void;
}
