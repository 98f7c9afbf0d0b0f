import type { LinkParams, WidgetConfig } from "@nexus-chat/protocol";
import { demoInterceptors } from "./demo-interceptors.js";
import type { DemoPresets } from "./demo-presets.js";

/** The experience the server seeds from the repository's docs/ for this page. */
export const demoExperienceId = "demo";

/** Questions the page offers; the first retrieves a page with a `tour:` link. */
export const suggestedQuestions = [
  "How do I take the guided tour?",
  "Which events does the widget emit?",
  "How does the message interceptor work?",
];

/**
 * The widget configuration for the chosen presets. Welcome actions and protocol handlers make
 * every interaction event reachable from the page: `send_event` → customAction,
 * `trigger_handover` → handover, `send_query` → a question whose answer has a `tour:` link.
 */
export function demoWidgetConfig(
  presets: DemoPresets,
  page: {
    apiUrl: string;
    container: HTMLElement;
    onProtocolLink: (protocol: string, params: LinkParams) => void;
  },
): WidgetConfig {
  const messageInterceptor = demoInterceptors[presets.interceptor];
  return {
    experienceId: demoExperienceId,
    apiUrl: page.apiUrl,
    theme: presets.theme,
    embedded: presets.layout === "embedded",
    ...(presets.layout === "embedded" ? { container: page.container } : {}),
    useShadowDOM: presets.shadowDom,
    window: { header: { title: "Nexus Chat demo" } },
    branding: { assistantName: "Nexus docs assistant" },
    messages: {
      welcomeMessage:
        "Hi! I answer from the Nexus Chat documentation. Every click, keystroke and answer " +
        "shows up in the event log beside me.",
      welcomeActions: {
        actions: [
          {
            id: "welcome-custom-event",
            label: "Send a custom event",
            icon: { type: "emoji", content: "🎉" },
            action: {
              type: "send_event",
              eventName: "demo_celebrate",
              eventData: { source: "welcome actions" },
            },
          },
          {
            id: "welcome-handover",
            label: "Talk to a person",
            icon: { type: "emoji", content: "🙋" },
            action: {
              type: "trigger_handover",
              payload: {
                reason: "user_requested",
                priority: "normal",
                metadata: { source: "events demo" },
              },
            },
          },
          {
            id: "welcome-tour-question",
            label: "Ask about the guided tour",
            action: { type: "send_query", query: suggestedQuestions[0] ?? "Guided tour" },
          },
        ],
      },
    },
    disclaimer: presets.disclaimer
      ? {
          title: "Before you start",
          text: "This is a demo. Messages are stored by the local Nexus Chat server you are running.",
          acceptLabel: "I agree",
        }
      : { enabled: false, text: "" },
    features: { voice: true, tts: true, timestamps: true },
    advanced: {
      ...(messageInterceptor ? { messageInterceptor } : {}),
      customProtocolHandlers: {
        "tour:": (params) => page.onProtocolLink("tour:", params),
        "action:": (params) => page.onProtocolLink("action:", params),
        "product:": (params) => page.onProtocolLink("product:", params),
      },
    },
  };
}
