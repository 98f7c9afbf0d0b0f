import type { JSX } from "preact";
import type { TranscriptMessage } from "@nexus-chat/protocol";
import type { FeedbackState } from "../state/chat-store.js";
import type { UiProps } from "./ui-context.js";
import { ThumbDownIcon, ThumbUpIcon } from "./icons.js";

/** "Helpful" / "Not helpful" on an answer, then an optional comment. */
export function FeedbackControls(
  {
    message,
    state,
    comments,
  }: { message: TranscriptMessage; state: FeedbackState | undefined; comments: boolean },
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
      {thumb("positive", "Helpful", ThumbUpIcon)}
      {thumb("negative", "Not helpful", ThumbDownIcon)}
      {failed && <span>Not sent. Please try again.</span>}
      {state?.commentSent && <span>Thanks for your feedback!</span>}
      {state && !failed && !state.commentSent && comments && (
        <div class="nxc-comment">
          <textarea
            aria-label="Feedback comment"
            placeholder="Tell us more (optional)"
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
            Send feedback
          </button>
        </div>
      )}
    </>
  );
}
