import type { JSX } from "preact";
import type { FeedbackState } from "../state/chat-store.js";
import type { Strings } from "../i18n/en.js";
import { ThumbDownIcon, ThumbUpIcon } from "./icons.js";

/**
 * "Helpful" / "Not helpful" on an answer, then an optional comment. Clicks are handled by the
 * widget's one listener (ui-events.ts), which finds the answer from the enclosing message.
 */
export function FeedbackControls({
  state,
  comments,
  strings: t,
}: {
  state: FeedbackState | undefined;
  comments: boolean;
  strings: Strings;
}) {
  const failed = state?.status === "failed";
  const thumb = (rating: "positive" | "negative", label: string, Icon: () => JSX.Element) => {
    const pressed = state?.rating === rating && !failed;
    return (
      <button
        type="button"
        class="nxc-btn"
        aria-label={label}
        aria-pressed={pressed}
        data-nxc-do="rate"
        data-rating={rating}
      >
        <Icon />
      </button>
    );
  };
  return (
    <>
      {thumb("positive", t.helpful, ThumbUpIcon)}
      {thumb("negative", t.notHelpful, ThumbDownIcon)}
      {failed && <span>{t.feedbackNotSent}</span>}
      {state?.commentSent && <span>{t.feedbackThanks}</span>}
      {state && !failed && !state.commentSent && comments && (
        <div class="nxc-comment">
          <textarea
            aria-label={t.feedbackComment}
            placeholder={t.feedbackPlaceholder}
            rows={2}
            maxLength={2000}
          />
          <button type="button" class="nxc-txt" data-nxc-do="comment">
            {t.sendFeedback}
          </button>
        </div>
      )}
    </>
  );
}
