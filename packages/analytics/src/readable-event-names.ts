import type { WidgetEventName } from "@nexus-chat/protocol";

/**
 * "Object Action" names for tools whose plans use readable event names (Segment, Mixpanel), in
 * the past tense Segment's naming guide recommends.
 */
export const readableEventNames = {
  open: "Chat Opened",
  close: "Chat Closed",
  minimize: "Chat Minimized",
  maximize: "Chat Maximized",
  sessionStart: "Chat Session Started",
  sessionEnd: "Chat Session Ended",
  sessionClear: "Chat Cleared",
  messageStart: "Chat Message Sent",
  messageChunk: "Chat Message Chunk Received",
  messageComplete: "Chat Message Completed",
  typing: "Chat Typing",
  typingStop: "Chat Typing Stopped",
  feedback: "Chat Feedback",
  copy: "Chat Answer Copied",
  customAction: "Chat Custom Action",
  handover: "Chat Handover Requested",
  disclaimerAccept: "Chat Disclaimer Accepted",
  linkClick: "Chat Link Clicked",
  voiceStart: "Chat Voice Input Started",
  voiceEnd: "Chat Voice Input Ended",
  ttsStart: "Chat Read Aloud Started",
  ttsEnd: "Chat Read Aloud Ended",
  error: "Chat Error",
  connectionChange: "Chat Connection Changed",
  messageResume: "Chat Answer Resumed",
  agentJoin: "Chat Agent Joined",
  agentMessage: "Chat Agent Message Received",
  agentLeave: "Chat Agent Left",
} as const satisfies Record<WidgetEventName, string>;
