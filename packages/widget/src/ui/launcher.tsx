import type { UiProps } from "./ui-context.js";
import { ChatIcon } from "./icons.js";

/** The floating button that opens and closes the window. */
export function Launcher(_props: object, { nxc }: UiProps) {
  const { launcher } = nxc.settings.value;
  const isOpen = nxc.store.isOpen.value;
  return (
    <button
      ref={nxc.launcherRef}
      type="button"
      class="nxc-launcher"
      data-size={launcher.size}
      aria-label={launcher.ariaLabel}
      aria-expanded={isOpen}
      aria-controls={nxc.windowId}
      data-nxc-do="launcher"
    >
      {launcher.iconUrl ? <img src={launcher.iconUrl} alt="" /> : <ChatIcon />}
      {launcher.text && <span>{launcher.text}</span>}
    </button>
  );
}
