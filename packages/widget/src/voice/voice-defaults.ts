import type { TtsFeatureConfig, VoiceFeatureConfig } from "@nexus-chat/protocol";
import type { SpeechRecognitionOptions } from "./speech-recognition-controller.js";
import type { SpeechSynthesisOptions } from "./speech-synthesis-controller.js";

/**
 * The controllers' options from the widget's `features.voice` / `features.tts`, with the defaults
 * documented on those types. The language stays empty when not configured: the controllers then
 * read the page's `lang` at the moment they start, which a single-page app may have changed.
 */
export const voiceDefaults = {
  recognition(config: VoiceFeatureConfig | undefined): SpeechRecognitionOptions {
    return {
      language: config?.language ?? "",
      interimResults: config?.interimResults ?? true,
      autoSend: config?.autoSend ?? false,
      silenceTimeout: positiveOr(config?.silenceTimeout, 2000),
    };
  },
  synthesis(config: TtsFeatureConfig | undefined): SpeechSynthesisOptions {
    return {
      autoPlay: config?.autoPlay ?? false,
      ...(config?.voice ? { voice: config.voice } : {}),
      // The ranges the Web Speech API accepts; engines throw or clamp silently outside them.
      rate: clamp(config?.rate ?? 1, 0.1, 10),
      pitch: clamp(config?.pitch ?? 1, 0, 2),
      language: config?.language ?? "",
    };
  },
};

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
}

function clamp(value: number, minimum: number, maximum: number): number {
  if (!Number.isFinite(value)) return 1;
  return Math.min(maximum, Math.max(minimum, value));
}
