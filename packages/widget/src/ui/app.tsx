import { useContext } from "preact/hooks";
import { UiContext } from "./ui-context.js";
import { Launcher } from "./launcher.js";
import { WelcomeBubble } from "./welcome-bubble.js";
import { ChatWindow } from "./chat-window.js";

/** One widget's whole interface. */
export function App() {
  const { settings, store } = useContext(UiContext);
  const embedded = settings.value.embedded;
  return (
    <>
      {!embedded && <WelcomeBubble />}
      {!embedded && <Launcher />}
      <ChatWindow />
      <div role="status" class="nxc-sr">
        {store.announcement.value}
      </div>
    </>
  );
}
