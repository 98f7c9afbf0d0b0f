import type { UiProps } from "./ui-context.js";
import { CloseIcon } from "./icons.js";

/** The welcome message as a teaser over the closed launcher. */
export function WelcomeBubble(_props: object, { nxc }: UiProps) {
  const { store } = nxc;
  const { welcome } = nxc.settings.value;
  const visible =
    welcome.display === "bubble" &&
    welcome.message &&
    !store.isOpen.value &&
    !store.bubbleDismissed.value &&
    !store.messageCount();
  return visible ? (
    <div class="nxc-teaser" data-nexus-welcome-bubble>
      <button type="button" data-nxc-do="open">
        {welcome.message}
      </button>
      <button
        type="button"
        class="nxc-btn"
        aria-label={nxc.settings.value.language.strings.dismiss}
        data-nxc-do="dismiss-bubble"
      >
        <CloseIcon />
      </button>
    </div>
  ) : null;
}
