import { useContext } from "preact/hooks";
import { UiContext } from "./ui-context.js";
import { ChatIcon } from "./icons.js";

/** The floating button that opens and closes the window. */
export function Launcher() {
  const { settings, store, launcherRef, windowId, open, close } = useContext(UiContext);
  const { launcher } = settings.value;
  const isOpen = store.isOpen.value;
  return (
    <button
      ref={launcherRef}
      type="button"
      class="nxc-launcher"
      data-size={launcher.size}
      aria-label={launcher.ariaLabel}
      aria-expanded={isOpen}
      aria-controls={windowId}
      onClick={() => (isOpen ? close() : open())}
    >
      {launcher.iconUrl ? <img src={launcher.iconUrl} alt="" /> : <ChatIcon />}
      {launcher.text && <span>{launcher.text}</span>}
    </button>
  );
}
