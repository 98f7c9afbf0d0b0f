import { useCallback, useContext, useLayoutEffect, useRef } from "preact/hooks";
import { UiContext } from "./ui-context.js";
import { MessageView } from "./message-view.js";
import { MarkdownBody } from "./markdown-body.js";
import { ActionsRow } from "./actions-row.js";

/** How close to the end (px) still counts as "following" the conversation. */
const followDistance = 48;

/** The scrolling list of messages and notices, led by the welcome content. */
export function Transcript() {
  const { settings, store } = useContext(UiContext);
  const element = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  // Stable, so the memoised messages do not re-render because of it.
  const scrollToEnd = useCallback(() => {
    const list = element.current;
    if (list && following.current) list.scrollTop = list.scrollHeight;
  }, []);
  const events = store.events.value;
  useLayoutEffect(scrollToEnd, [events, store.isOpen.value]);
  const { welcome } = settings.value;
  return (
    <div
      ref={element}
      class="nxc-transcript"
      role="region"
      aria-label="Conversation"
      tabIndex={0}
      data-nexus-transcript
      onScroll={() => {
        const list = element.current as HTMLDivElement;
        following.current = list.scrollHeight - list.scrollTop - list.clientHeight < followDistance;
      }}
    >
      {store.showWelcome.value && welcome.message && (
        <div class="nxc-msg" data-nexus-welcome>
          <div class="nxc-row">
            <div class="nxc-bubble">
              <MarkdownBody text={welcome.message} />
            </div>
          </div>
          {welcome.actions && <ActionsRow messageId="welcome" block={welcome.actions} />}
        </div>
      )}
      {events.map((event) =>
        event.type === "notice" ? (
          <p key={event.id} class="nxc-notice" data-nexus-notice data-level={event.level ?? "info"}>
            {event.text}
          </p>
        ) : (
          <MessageView key={event.id} message={event} onRender={scrollToEnd} />
        ),
      )}
    </div>
  );
}
