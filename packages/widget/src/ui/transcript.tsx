import type { UiProps } from "./ui-context.js";
import { MessageView } from "./message-view.js";
import { MarkdownBody } from "./markdown-body.js";
import { ActionsRow } from "./actions-row.js";

/**
 * The scrolling list of messages and notices, led by the welcome content. The scroller runs in
 * reverse (column-reverse, scroll origin at the end), so the browser keeps the end in view while
 * an answer grows, with no script and no forced layout per frame; the inner list keeps reading
 * order.
 */
export function Transcript(_props: object, { nxc }: UiProps) {
  const { store } = nxc;
  const settings = nxc.settings.value;
  const { welcome } = settings;
  // Per-message state is read here and passed down, so a message whose props did not change
  // (every message but the streaming one, usually) is not rendered again.
  const feedback = store.feedback.value;
  const used = store.usedActions.value;
  const speakingId = nxc.voice.speakingId.value;
  // Only the end of a long conversation is in the DOM; the store and storage keep the rest.
  const events = store.events.value;
  const first = Math.max(0, events.length - nxc.transcriptLimit.value);
  const hasEarlier = first > 0 || store.earlier.value.events > 0;
  const t = settings.language.strings;
  return (
    <div
      ref={nxc.transcriptRef}
      class="nxc-transcript"
      role="region"
      aria-label={t.conversation}
      tabIndex={0}
      data-nexus-transcript
    >
      <div class="nxc-log">
        {hasEarlier && (
          <button type="button" class="nxc-txt nxc-earlier" data-nxc-do="earlier">
            {t.showEarlier}
          </button>
        )}
        {!hasEarlier && store.showWelcome.value && welcome.message && (
          <div class="nxc-msg" data-nexus-welcome>
            <div class="nxc-row">
              <div class="nxc-bubble" dir="auto">
                <MarkdownBody text={welcome.message} />
              </div>
            </div>
            {welcome.actions && (
              <ActionsRow messageId="welcome" block={welcome.actions} used={used} />
            )}
          </div>
        )}
        {(first ? events.slice(first) : events).map((event) =>
          event.type === "notice" ? (
            <p
              key={event.id}
              class="nxc-notice"
              data-nexus-notice
              data-level={event.level ?? "info"}
            >
              {event.text}
            </p>
          ) : (
            <MessageView
              key={event.id}
              message={event}
              settings={settings}
              feedback={feedback[event.id]}
              used={used}
              speaking={speakingId === event.id}
            />
          ),
        )}
      </div>
    </div>
  );
}
