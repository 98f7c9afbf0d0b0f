import type { UiProps } from "./ui-context.js";
import { Launcher } from "./launcher.js";
import { WelcomeBubble } from "./welcome-bubble.js";
import { ChatWindow } from "./chat-window.js";

/** One widget's whole interface. */
export function App(_props: object, { nxc }: UiProps) {
  const embedded = nxc.settings.value.embedded;
  return (
    <>
      {!embedded && <WelcomeBubble />}
      {!embedded && <Launcher />}
      <ChatWindow />
      <div role="status" class="nxc-sr">
        {nxc.store.announcement.value}
      </div>
    </>
  );
}
