/** The publish/subscribe channel carrying a session channel's new frames between processes. */
export function sessionFramesChannel(sessionId: string): string {
  return `session-frames:${sessionId}`;
}

/** The publish/subscribe channel of stop requests; each message is a query id. */
export const queryStopsChannel = "query-stops";

/** One message on {@link sessionFramesChannel}: frames just kept, oldest first. */
export interface PublishedFrames {
  frames: { id: number; queryId: string | null; type: string; data: string }[];
}
