import type { JSX } from "preact";
import type { UiProps } from "./ui-context.js";
import { Transcript } from "./transcript.js";
import { DisclaimerNotice } from "./disclaimer-notice.js";
import { Composer } from "./composer.js";
import { LivePanelSlot } from "./live-panel-slot.js";
import { CloseIcon, ExpandIcon, NewIcon, ShrinkIcon } from "./icons.js";

/** The chat dialog: header, transcript, disclaimer and input. */
export function ChatWindow(_props: object, { nxc }: UiProps) {
  const { store } = nxc;
  const { header, sizing, embedded, branding, language } = nxc.settings.value;
  const t = language.strings;
  const isLargest = sizing.modes[sizing.modes.length - 1]?.name === store.mode.value;
  const button = (label: string, action: string, Icon: () => JSX.Element) => (
    <button type="button" class="nxc-btn" aria-label={label} data-nxc-do={action}>
      <Icon />
    </button>
  );
  return (
    <div
      ref={nxc.windowRef}
      id={nxc.windowId}
      class="nxc-window"
      role="dialog"
      aria-label={header.title}
      data-mode={store.mode.value}
      hidden={!store.isOpen.value}
      tabIndex={-1}
    >
      {header.show && (
        <div class="nxc-header">
          {header.logoUrl && <img class="nxc-logo" src={header.logoUrl} alt="" />}
          <h2 class="nxc-title">{header.title}</h2>
          {header.showNewChatButton && button(t.newConversation, "new", NewIcon)}
          {sizing.showToggle &&
            !embedded &&
            button(
              isLargest ? t.shrinkWindow : t.expandWindow,
              "size",
              isLargest ? ShrinkIcon : ExpandIcon,
            )}
          {header.showCloseButton && !embedded && button(t.closeChat, "close", CloseIcon)}
        </div>
      )}
      <Transcript />
      {store.connection.value !== "online" && (
        <p class="nxc-connection" role="status" data-nexus-connection={store.connection.value}>
          {store.connection.value === "offline" ? t.connectionOffline : t.connectionReconnecting}
        </p>
      )}
      <DisclaimerNotice />
      <LivePanelSlot />
      <Composer />
      {branding.showPoweredBy && <p class="nxc-powered">{t.poweredBy}</p>}
    </div>
  );
}
