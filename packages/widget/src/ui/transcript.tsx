import type { UiProps } from "./ui-context.js";
import { MessageView } from "./message-view.js";
import { MarkdownBody } from "./markdown-body.js";
import { ActionsRow } from "./actions-row.js";

/** The scrolling list of messages and notices, led by the welcome content. */
export function Transcript(_props: object, { nxc }: UiProps) {
  const { store } = nxc;
  const { welcome } = nxc.settings.value;
  return (
    <div
      ref={nxc.transcriptRef}
      class="nxc-transcript"
      role="region"
      aria-label="Conversation"
      tabIndex={0}
      data-nexus-transcript
      onScroll={(event) => {
        const list = event.currentTarget;
        // Within 48 px of the end still counts as following the conversation.
        nxc.following = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
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
      {store.events.value.map((event) =>
        event.type === "notice" ? (
          <p key={event.id} class="nxc-notice" data-nexus-notice data-level={event.level ?? "info"}>
            {event.text}
          </p>
        ) : (
          <MessageView key={event.id} message={event} />
        ),
      )}
      {/* Scroll anchoring keeps this last element in view while the answer above it grows. */}
      <div class="nxc-anchor" />
    </div>
  );
}
