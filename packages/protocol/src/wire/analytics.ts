import type { WidgetEventName } from "../events/widget-events.js";

/** Body of `POST /analytics/link-clicks`. */
export interface LinkClickRequest {
  experienceId: string;
  sessionId: string | null;
  /** The answer the link was in, when known. */
  queryId?: string;
  href: string;
  text: string;
  protocol: string;
}

/** One widget event as the widget reports it. */
export interface AnalyticsEvent {
  name: WidgetEventName;
  /** ISO 8601. */
  timestamp: string;
  sessionId: string | null;
  /** The event's payload, less fields that may hold personal text (see the analytics guide). */
  payload: Record<string, unknown>;
}

/**
 * Body of `POST /analytics/events`: up to 100 events. Accepted as `application/json` or as
 * `text/plain` JSON, which is what `navigator.sendBeacon` sends without a CORS preflight.
 */
export interface AnalyticsEventsRequest {
  experienceId: string;
  events: AnalyticsEvent[];
}

/** Answer of the analytics endpoints. */
export interface AnalyticsAcceptedResponse {
  accepted: number;
}
