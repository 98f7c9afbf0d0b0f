import type { MessageInterceptor } from "@nexus-chat/protocol";
import type { InterceptorPattern } from "./demo-presets.js";

/** The message interceptor of each pattern the demo shows. */
export const demoInterceptors: Record<InterceptorPattern, MessageInterceptor | undefined> = {
  // No interceptor at all: the message goes to the server unchanged.
  "pass-through": undefined,

  // Adds context from the host page; the server stores it with the turn.
  enrich: (message) => ({
    handled: false,
    message: {
      text: message.text,
      metadata: {
        ...message.metadata,
        page: location.pathname,
        viewport: `${innerWidth}x${innerHeight}`,
        enrichedBy: "events-demo",
      },
    },
  }),

  // Answers on the page without calling the server, with action buttons of its own.
  local: (message) => ({
    handled: true,
    response: {
      role: "assistant",
      text:
        `The page answered this itself: the message interceptor handled **“${message.text}”** ` +
        "and no request went to the server. Try the buttons below.",
      actions: {
        actions: [
          {
            id: "local-custom-event",
            label: "Fire a custom event",
            icon: { type: "emoji", content: "✨" },
            action: {
              type: "send_event",
              eventName: "interceptor_button",
              eventData: { from: "local interceptor" },
            },
          },
          {
            id: "local-handover",
            label: "Ask for a person",
            action: {
              type: "trigger_handover",
              payload: { reason: "interceptor_escalation", priority: "high" },
            },
          },
        ],
      },
    },
  }),

  // Fails on purpose: the widget reports error{type:"interceptor"} and keeps the visitor's
  // message in the transcript with a Retry button; nothing reaches the server.
  throw: () => {
    throw new Error("The demo's interceptor failed on purpose");
  },
};
