import type { JSX } from "preact";
import type { TranscriptMessage } from "@nexus-chat/protocol";
import type { FeedbackState } from "../state/chat-store.js";
import type { Strings } from "../i18n/en.js";
import type { UiProps } from "./ui-context.js";
import { ThumbDownIcon, ThumbUpIcon } from "./icons.js";

/** "Helpful" / "Not helpful" on an answer, then an optional comment. */
export function FeedbackControls(
  {
    message,
    state,
    comments,
    strings: t,
  }: {
    message: TranscriptMessage;
    state: FeedbackState | undefined;
    comments: boolean;
    strings: Strings;
  },
  { nxc }: UiProps,
) {
  const { controller } = nxc;
  const failed = state?.status === "failed";
  const thumb = (rating: "positive" | "negative", label: string, Icon: () => JSX.Element) => {
    const pressed = state?.rating === rating && !failed;
    return (
      <button
        type="button"
        class="nxc-btn"
        aria-label={label}
        aria-pressed={pressed}
        onClick={() => pressed || void controller.rate(message, rating)}
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
          <button
            type="button"
            class="nxc-txt"
            onClick={(event) => {
              const field = event.currentTarget.previousElementSibling as HTMLTextAreaElement;
              const comment = field.value.trim();
              if (comment) void controller.rate(message, state.rating, comment);
              else field.focus();
            }}
          >
            {t.sendFeedback}
          </button>
        </div>
      )}
    </>
  );
}
