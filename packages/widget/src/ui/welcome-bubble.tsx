import { useContext } from "preact/hooks";
import { UiContext } from "./ui-context.js";
import { CloseIcon } from "./icons.js";

/** The welcome message as a teaser over the closed launcher. */
export function WelcomeBubble() {
  const { settings, store, open } = useContext(UiContext);
  const { welcome } = settings.value;
  const visible =
    welcome.display === "bubble" &&
    !!welcome.message &&
    !store.isOpen.value &&
    !store.bubbleDismissed.value &&
    store.messageCount() === 0;
  if (!visible) return null;
  return (
    <div class="nxc-teaser" data-nexus-welcome-bubble>
      <button type="button" onClick={open}>
        {welcome.message}
      </button>
      <button
        type="button"
        class="nxc-btn"
        aria-label="Dismiss"
        onClick={() => (store.bubbleDismissed.value = true)}
      >
        <CloseIcon />
      </button>
    </div>
  );
}
