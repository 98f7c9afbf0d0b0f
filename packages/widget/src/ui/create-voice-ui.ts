import { signal, type ReadonlySignal, type Signal } from "@preact/signals-core";
import type { Settings } from "../config/resolve-settings.js";
import type { Emit } from "../chat/emit.js";
import {
  SpeechRecognitionController,
  SpeechSynthesisController,
  voiceDefaults,
} from "../voice/index.js";
import { voiceProblem } from "../i18n/voice-problems.js";
import type { VoiceUi } from "./voice-ui.js";

/** The widget's side of voice input and read-aloud: buttons' state and events. */
export type WidgetVoice = VoiceUi & {
  /** An answer completed: read it when `features.tts.autoPlay` is on. */
  answerCompleted(messageId: string, text: string): void;
};

/**
 * Connects the speech controllers to the widget. Each controller is created on first use with
 * the options of that moment; unsupported browsers get no buttons at all.
 */
export function createVoiceUi(
  settings: ReadonlySignal<Settings>,
  emit: Emit,
  draft: Signal<string>,
  send: (text: string) => void,
  announce: (text: string) => void,
): WidgetVoice {
  const listening = signal(false);
  const speakingId = signal<string | null>(null);
  const problem = signal<string | null>(null);
  let recognition: SpeechRecognitionController | undefined;
  let synthesis: SpeechSynthesisController | undefined;
  /** What the input held when listening started. */
  let prefix = "";
  const withPrefix = (words: string): string =>
    prefix && words ? `${prefix} ${words}` : prefix || words;
  /** Set while the widget is destroyed: the last end events still fire, nothing else happens. */
  let disposing = false;
  const voiceError =
    (source: "recognition" | "synthesis") => (error: { code: string; message: string }) => {
      emit("error", { type: "voice", message: error.message, details: { code: error.code } });
      if (disposing) return;
      const text = settings.value.language.strings[voiceProblem(source, error.code)];
      problem.value = text;
      announce(text);
    };
  const features = () => settings.value.features;
  /** Voice features speak the widget's language unless their own is set. */
  const withLanguage = <Config extends { language?: string }>(config: Config | undefined) =>
    config && { ...config, language: config.language ?? settings.value.language.speechLanguage };

  const getSynthesis = (): SpeechSynthesisController =>
    (synthesis ??= new SpeechSynthesisController(
      voiceDefaults.synthesis(withLanguage(features().tts)),
      {
        onStart(messageId, text) {
          speakingId.value = messageId;
          emit("ttsStart", { text, messageId });
        },
        onEnd(messageId, duration) {
          if (speakingId.value === messageId) speakingId.value = null;
          emit("ttsEnd", { duration, messageId });
        },
        onError: voiceError("synthesis"),
      },
    ));

  return {
    get micAvailable() {
      return !!features().voice && SpeechRecognitionController.isSupported();
    },
    get ttsAvailable() {
      return !!features().tts && SpeechSynthesisController.isSupported();
    },
    listening,
    speakingId,
    problem,
    toggleListening() {
      if (recognition?.listening) {
        recognition.stop();
        return;
      }
      // Spoken words are added after what the visitor had already typed.
      prefix = draft.value.trim();
      const options = voiceDefaults.recognition(withLanguage(features().voice));
      recognition ??= new SpeechRecognitionController(options, {
        onStart(language) {
          listening.value = true;
          problem.value = null;
          emit("voiceStart", { language });
        },
        onInterim(text) {
          if (options.interimResults) draft.value = withPrefix(text);
        },
        onEnd({ transcript, duration }) {
          listening.value = false;
          emit("voiceEnd", { transcript, duration });
          if (disposing) return;
          const text = withPrefix(transcript);
          if (transcript && options.autoSend) {
            draft.value = "";
            send(text);
          } else {
            draft.value = text;
          }
        },
        onError: voiceError("recognition"),
      });
      recognition.start();
    },
    toggleSpeaking(messageId, markdown) {
      const controller = getSynthesis();
      if (controller.speakingMessageId === messageId) controller.stop();
      else controller.speak(messageId, markdown);
    },
    answerCompleted(messageId, text) {
      const tts = features().tts;
      if (tts?.autoPlay && SpeechSynthesisController.isSupported())
        getSynthesis().speak(messageId, text);
    },
    stop() {
      recognition?.stop();
      synthesis?.stop();
    },
    dispose() {
      disposing = true;
      recognition?.dispose();
      synthesis?.dispose();
      recognition = synthesis = undefined;
    },
  };
}
