import { init } from "@nexus-chat/widget";
import {
  forwardToGoogleAnalytics,
  forwardToMixpanel,
  forwardToSegment,
  forwardToSentry,
} from "@nexus-chat/analytics";
import { installConsoleStandIns } from "./console-stand-ins.js";

// Without the real tools on the page, print what would have been sent.
installConsoleStandIns();

const widget = init({
  experienceId: import.meta.env.VITE_NEXUS_EXPERIENCE_ID ?? "demo",
  apiUrl: import.meta.env.VITE_NEXUS_API_URL ?? "http://127.0.0.1:8787",
});

// GA4: gtag("event", "chat_message_complete", { session_id, duration, answer_length, … }).
forwardToGoogleAnalytics(widget);

// Segment: only the funnel events, with readable names ("Chat Session Started", …).
forwardToSegment(widget, {
  events: ["sessionStart", "messageStart", "messageComplete", "feedback", "handover"],
});

// Mixpanel: the defaults (everything but messageChunk and typing), snake_case properties.
forwardToMixpanel(widget);

// Sentry: error events become exceptions; a few events become breadcrumbs before them.
const stopSentry = forwardToSentry(widget);

// Every forwarder returns its own "stop" function, e.g. when the visitor withdraws consent.
window.addEventListener("nexus-demo:consent-withdrawn", stopSentry);
