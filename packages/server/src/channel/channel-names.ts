/** The publish/subscribe channel carrying a session channel's new frames between processes. */
export function sessionFramesChannel(sessionId: string): string {
  return `session-frames:${sessionId}`;
}

/** The publish/subscribe channel of stop requests; each message is a query id. */
export const queryStopsChannel = "query-stops";

/**
 * One message on {@link sessionFramesChannel}: frames just kept, oldest first. A frame with a
 * `null` id was not kept (an agent's typing, stale at once) and is sent without an SSE id.
 */
export interface PublishedFrames {
  frames: { id: number | null; queryId: string | null; type: string; data: string }[];
}

/**
 * The publish/subscribe channel of the console Inbox: every change of a conversation's state and
 * every message, as `InboxEvent` JSON; each Inbox stream keeps those of its operator's experiences.
 */
export const inboxChannel = "conversation-inbox";
