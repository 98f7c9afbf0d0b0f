import type { CreateExperienceRequest } from "@nexus-chat/protocol";

/** The experience `npm start` creates: it answers questions about Nexus Chat from `docs/`. */
export const demoExperience: CreateExperienceRequest & { id: string } = {
  id: "demo",
  name: "Nexus Chat demo",
  engine: "retrieval",
  // A short pause per word makes the streamed answer visible in the demo.
  engineOptions: { wordDelayMs: 12 },
  widget: {
    theme: "auto",
    window: { header: { title: "Nexus Chat assistant" } },
    branding: { assistantName: "Nexus", primaryColor: "#2563eb" },
    messages: {
      welcomeMessage:
        "Hi! I answer questions about **Nexus Chat** from its own documentation. Ask me how to install the widget, listen to events, or run the server.",
      welcomeMessageDisplay: "message",
      welcomeActions: {
        alignment: "left",
        actions: [
          {
            id: "welcome-events",
            label: "Which events can I listen to?",
            action: { type: "send_query", query: "Which events can I listen to?" },
          },
          {
            id: "welcome-agent",
            label: "Talk to an agent",
            icon: { type: "emoji", content: "🧑‍💼" },
            action: {
              type: "trigger_handover",
              payload: { reason: "user_requested", priority: "normal" },
            },
          },
        ],
      },
    },
  },
  requireAuth: false,
  allowedOrigins: [],
  handoverWebhookUrl: null,
};

/**
 * The custom protocols the events demo page handles (`advanced.customProtocolHandlers`), which
 * the demo's documents link with; `nexus-chat serve --demo` allows them when `LINK_SCHEMES` is
 * not set.
 */
export const demoLinkSchemes: readonly string[] = ["tour", "action", "product"];
