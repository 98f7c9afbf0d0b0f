// Documents the test experiences answer from. Each topic has a made-up keyword so that a question
// retrieves exactly that document.
import type { IngestionDocument } from "@nexus-chat/protocol";

/** Questions that retrieve the documents below. */
export const questions = {
  lamp: "How do I clean the zorblax lamp?",
  links: "Where is the quillonary tour?",
  actions: "What are the vextrapod options?",
} as const;

export const lampCareDocument: IngestionDocument = {
  title: "Zorblax lamp care",
  externalId: "lamp-care",
  content: [
    "# Zorblax lamp care",
    "",
    "Clean the zorblax lamp with a soft dry cloth once a month. Never use water on the zorblax lamp,",
    "because the zorblax lamp has an open circuit board under its shade.",
    "",
    "- Unplug the zorblax lamp before cleaning it.",
    "- Dust the zorblax lamp shade with a brush.",
    "",
    "The zorblax lamp warranty covers two years of normal use.",
  ].join("\n"),
};

export const linksDocument: IngestionDocument = {
  title: "Quillonary tour",
  externalId: "links",
  content: [
    "# Quillonary tour",
    "",
    "The quillonary tour shows every screen. [Start the tour](tour:id=123456) now,",
    "or [talk to an agent](action:escalate-to-agent), or [open billing chat](livechat:department=billing&priority=high),",
    "or [run the flow](walkme:flowId=12%2034), or [read the quillonary guide](https://example.com/guide?topic=tours&level=2).",
  ].join("\n"),
};

/** A document whose front matter carries action buttons, returned when it is the top source. */
export const actionsDocument: IngestionDocument = {
  title: "Vextrapod options",
  externalId: "actions",
  content: [
    "---",
    "actions:",
    "  - id: animate",
    "    label: Show animation",
    "    action:",
    "      type: send_event",
    "      eventName: show_animation",
    "      eventData:",
    "        speed: fast",
    "    behavior:",
    "      oneTimeUse: true",
    "  - id: agent",
    "    label: Talk to a person",
    "    action:",
    "      type: trigger_handover",
    "      payload:",
    "        reason: escalation",
    "        priority: high",
    "        metadata:",
    "          tier: gold",
    "  - id: lamp",
    "    label: Lamp care",
    "    action:",
    "      type: send_query",
    "      query: How do I clean the zorblax lamp?",
    "      displayText: Tell me about lamp care",
    "---",
    "# Vextrapod options",
    "",
    "The vextrapod comes in three options: basic, plus and pro. Every vextrapod option ships free.",
  ].join("\n"),
};

export const standardDocuments = [lampCareDocument, linksDocument, actionsDocument];
