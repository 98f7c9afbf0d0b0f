export {
  SpeechRecognitionController,
  RECOGNITION_UNAVAILABLE_CODE,
  type SpeechRecognitionCallbacks,
  type SpeechRecognitionOptions,
} from "./speech-recognition-controller.js";
export {
  SpeechSynthesisController,
  SYNTHESIS_UNAVAILABLE_CODE,
  type SpeechSynthesisCallbacks,
  type SpeechSynthesisOptions,
} from "./speech-synthesis-controller.js";
export { splitIntoUtterances } from "./split-into-utterances.js";
export { resolveSpeechLanguage } from "./resolve-speech-language.js";
export { chooseVoice } from "./choose-voice.js";
export {
  RECOGNITION_ERROR_MESSAGES,
  UNKNOWN_RECOGNITION_ERROR_MESSAGE,
  recognitionErrorMessage,
} from "./recognition-error-messages.js";
export {
  SYNTHESIS_ERROR_MESSAGES,
  UNKNOWN_SYNTHESIS_ERROR_MESSAGE,
  synthesisErrorMessage,
} from "./synthesis-error-messages.js";
export type { SpeechRecognitionErrorCode } from "./speech-recognition-types.js";
export { voiceDefaults } from "./voice-defaults.js";
