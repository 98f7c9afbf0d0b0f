import { useContext, useState } from "preact/hooks";
import type { TranscriptMessage } from "@nexus-chat/protocol";
import { UiContext } from "./ui-context.js";
import { ThumbDownIcon, ThumbUpIcon } from "./icons.js";

/** "Helpful" / "Not helpful" on an answer, then an optional comment. */
export function FeedbackControls({ message }: { message: TranscriptMessage }) {
  const { settings, store, controller } = useContext(UiContext);
  const [comment, setComment] = useState("");
  const state = store.feedback.value[message.id];
  const pressed = (rating: string) => state?.rating === rating && state.status !== "failed";
  const rate = (rating: "positive" | "negative") => {
    if (!pressed(rating) || state?.status === "failed") void controller.rate(message, rating);
  };
  return (
    <>
      <button
        type="button"
        class="nxc-btn"
        aria-label="Helpful"
        aria-pressed={pressed("positive")}
        onClick={() => rate("positive")}
      >
        <ThumbUpIcon />
      </button>
      <button
        type="button"
        class="nxc-btn"
        aria-label="Not helpful"
        aria-pressed={pressed("negative")}
        onClick={() => rate("negative")}
      >
        <ThumbDownIcon />
      </button>
      {state?.status === "failed" && <span>Your rating was not sent. Please try again.</span>}
      {state?.commentSent && <span>Thanks for your feedback!</span>}
      {state &&
        state.status !== "failed" &&
        !state.commentSent &&
        settings.value.features.feedbackComments && (
          <div class="nxc-comment">
            <textarea
              aria-label="Feedback comment"
              placeholder="Tell us more (optional)"
              rows={2}
              maxLength={2000}
              value={comment}
              onInput={(event) => setComment(event.currentTarget.value)}
            />
            <button
              type="button"
              class="nxc-txt"
              disabled={!comment.trim()}
              onClick={() => void controller.rate(message, state.rating, comment.trim())}
            >
              Send feedback
            </button>
          </div>
        )}
    </>
  );
}
