export {
  forwardToGoogleAnalytics,
  type GoogleAnalyticsForwarderOptions,
  type GtagFunction,
} from "./forward-to-google-analytics.js";
export {
  forwardToSegment,
  type SegmentClient,
  type SegmentForwarderOptions,
} from "./forward-to-segment.js";
export {
  forwardToMixpanel,
  type MixpanelClient,
  type MixpanelForwarderOptions,
} from "./forward-to-mixpanel.js";
export {
  forwardToSentry,
  type SentryClient,
  type SentryForwarderOptions,
} from "./forward-to-sentry.js";
export { defaultForwardedEvents } from "./default-forwarded-events.js";
export { readableEventNames } from "./readable-event-names.js";
export { eventProperties, type EventPropertiesOptions } from "./event-properties.js";
export { subscribeEvents } from "./subscribe-events.js";
export type { WidgetEventSource } from "./widget-event-source.js";
