import type { UiProps } from "./ui-context.js";
import { Launcher } from "./launcher.js";
import { WelcomeBubble } from "./welcome-bubble.js";
import { ChatWindow } from "./chat-window.js";
import { preloadMarkdown } from "../render/load-markdown.js";

/** One widget's whole interface. */
export function App(_props: object, { nxc }: UiProps) {
  const embedded = nxc.settings.value.embedded;
  // Idempotent: the first render of any widget schedules the markdown chunk's download.
  preloadMarkdown();
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
