import type { MixpanelClient, SegmentClient, SentryClient } from "@nexus-chat/analytics";

interface AnalyticsGlobals {
  gtag?: (...parameters: unknown[]) => void;
  analytics?: SegmentClient;
  mixpanel?: MixpanelClient;
  Sentry?: SentryClient;
}

/** Puts console-printing stand-ins on window for each analytics tool the page has not loaded. */
export function installConsoleStandIns(): void {
  const target = window as unknown as AnalyticsGlobals;
  target.gtag ??= (...parameters) => console.info("[GA4] gtag", ...parameters);
  target.analytics ??= { track: (...parameters) => console.info("[Segment] track", ...parameters) };
  target.mixpanel ??= { track: (...parameters) => console.info("[Mixpanel] track", ...parameters) };
  target.Sentry ??= {
    captureException: (...parameters) => console.info("[Sentry] captureException", ...parameters),
    addBreadcrumb: (breadcrumb) => console.info("[Sentry] breadcrumb", breadcrumb),
  };
}
