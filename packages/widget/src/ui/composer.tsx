import type { UiProps } from "./ui-context.js";
import { MicIcon, SendIcon, StopIcon } from "./icons.js";

/** The message input with its send / stop and voice buttons. */
export function Composer(_props: object, { nxc }: UiProps) {
  const { store, draft, voice } = nxc;
  const { input, disclaimer, language } = nxc.settings.value;
  const t = language.strings;
  const blocked = !!disclaimer && !store.disclaimerAccepted.value;
  const streaming = store.isStreaming.value;
  return (
    <div class="nxc-composer">
      {voice.problem.value && (
        <p class="nxc-notice" data-nexus-notice data-level="error">
          {voice.problem.value}
        </p>
      )}
      <textarea
        ref={nxc.inputRef}
        class="nxc-input"
        aria-label={t.message}
        placeholder={input.placeholder}
        maxLength={input.maxLength}
        rows={1}
        disabled={blocked}
        value={draft.value}
      />
      {voice.micAvailable && (
        <button
          type="button"
          class="nxc-btn"
          aria-label={voice.listening.value ? t.stopVoiceInput : t.startVoiceInput}
          aria-pressed={voice.listening.value}
          disabled={blocked}
          data-nxc-do="mic"
        >
          <MicIcon />
        </button>
      )}
      {streaming ? (
        <button type="button" class="nxc-btn nxc-send" aria-label={t.stopAnswer} data-nxc-do="stop">
          <StopIcon />
        </button>
      ) : (
        <button
          type="button"
          class="nxc-btn nxc-send"
          aria-label={t.sendMessage}
          disabled={blocked || !draft.value.trim()}
          data-nxc-do="send"
        >
          <SendIcon />
        </button>
      )}
    </div>
  );
}
