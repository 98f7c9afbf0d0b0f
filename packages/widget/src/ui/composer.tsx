import type { UiProps } from "./ui-context.js";
import { MicIcon, SendIcon, StopIcon } from "./icons.js";

/** The message input with its send / stop and voice buttons. */
export function Composer(_props: object, { nxc }: UiProps) {
  const { store, controller, draft, voice } = nxc;
  const { input, disclaimer, language } = nxc.settings.value;
  const t = language.strings;
  const blocked = !!disclaimer && !store.disclaimerAccepted.value;
  const streaming = store.isStreaming.value;
  const submit = () => {
    const text = draft.value;
    if (blocked || streaming || !text.trim()) return;
    draft.value = "";
    void controller.send(text);
  };
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
        onInput={(event) => {
          const value = event.currentTarget.value;
          draft.value = input.multiline ? value : value.replace(/\n/g, " ");
          controller.typed(draft.value);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.isComposing && !(event.shiftKey && input.multiline)) {
            event.preventDefault();
            submit();
          }
        }}
      />
      {voice.micAvailable && (
        <button
          type="button"
          class="nxc-btn"
          aria-label={voice.listening.value ? t.stopVoiceInput : t.startVoiceInput}
          aria-pressed={voice.listening.value}
          disabled={blocked}
          onClick={voice.toggleListening}
        >
          <MicIcon />
        </button>
      )}
      {streaming ? (
        <button
          type="button"
          class="nxc-btn nxc-send"
          aria-label={t.stopAnswer}
          onClick={controller.stop}
        >
          <StopIcon />
        </button>
      ) : (
        <button
          type="button"
          class="nxc-btn nxc-send"
          aria-label={t.sendMessage}
          disabled={blocked || !draft.value.trim()}
          onClick={submit}
        >
          <SendIcon />
        </button>
      )}
    </div>
  );
}
