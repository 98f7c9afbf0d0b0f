import type { FeedbackRating } from "../events/widget-events.js";

/** Body of `POST /query/feedback`. Sending again for the same query replaces the rating. */
export interface FeedbackRequest {
  queryId: string;
  sessionId: string;
  rating: FeedbackRating;
  /** Up to 2,000 characters. */
  comment?: string;
}

export interface FeedbackResponse {
  feedbackId: string;
}
