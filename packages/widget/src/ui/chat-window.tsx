import { useContext, useEffect, useRef } from "preact/hooks";
import { UiContext } from "./ui-context.js";
import { Transcript } from "./transcript.js";
import { DisclaimerNotice } from "./disclaimer-notice.js";
import { Composer } from "./composer.js";
import { CloseIcon, ExpandIcon, NewIcon, ShrinkIcon } from "./icons.js";

/** The chat dialog: header, transcript, disclaimer and input. */
export function ChatWindow() {
  const context = useContext(UiContext);
  const { settings, store, controller, windowId, inputRef, close, toggleSize } = context;
  const { header, sizing, embedded, input, branding } = settings.value;
  const isOpen = store.isOpen.value;
  const element = useRef<HTMLDivElement>(null);
  const modes = sizing.modes;
  const isLargest = modes[modes.length - 1]?.name === store.mode.value;
  useEffect(() => {
    if (!isOpen || embedded) return;
    const field = inputRef.current;
    if (input.autoFocus && field && !field.disabled) field.focus();
    else element.current?.querySelector<HTMLElement>("button, [tabindex]")?.focus();
  }, [isOpen]);
  return (
    <div
      ref={element}
      id={windowId}
      class="nxc-window"
      role="dialog"
      aria-label={header.title}
      data-mode={store.mode.value}
      hidden={!isOpen}
      onKeyDown={(event) => {
        if (event.key === "Escape" && !embedded) {
          event.stopPropagation();
          close();
        }
      }}
    >
      {header.show && (
        <div class="nxc-header">
          {header.logoUrl && <img class="nxc-logo" src={header.logoUrl} alt="" />}
          <h2 class="nxc-title">{header.title}</h2>
          {header.showNewChatButton && (
            <button
              type="button"
              class="nxc-btn"
              aria-label="New conversation"
              onClick={() => controller.startNewSession()}
            >
              <NewIcon />
            </button>
          )}
          {sizing.showToggle && !embedded && (
            <button
              type="button"
              class="nxc-btn"
              aria-label={isLargest ? "Shrink window" : "Expand window"}
              onClick={toggleSize}
            >
              {isLargest ? <ShrinkIcon /> : <ExpandIcon />}
            </button>
          )}
          {header.showCloseButton && !embedded && (
            <button type="button" class="nxc-btn" aria-label="Close chat" onClick={close}>
              <CloseIcon />
            </button>
          )}
        </div>
      )}
      <Transcript />
      <DisclaimerNotice />
      <Composer />
      {branding.showPoweredBy && <p class="nxc-powered">Powered by Nexus Chat</p>}
    </div>
  );
}
