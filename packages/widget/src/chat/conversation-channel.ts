import type { ApiClient } from "../transport/api-client.js";
import { openSessionChannel } from "../transport/session-channel.js";
import type { OpenChannel } from "../live/live-conversation.js";

/**
 * How the live chunk reads the session channel: through the one transport of the main bundle
 * (reconnection, `Last-Event-ID`, the idle watchdog), passing on the conversation frames with
 * their ids. Answer frames (those with a `seq`) are left to the answer's own stream or to its
 * resume; their ids still move the point the transport resumes from.
 */
export function conversationChannel(client: ApiClient): OpenChannel {
  return (options) =>
    openSessionChannel(client, {
      sessionId: options.sessionId,
      lastEventId: options.lastEventId,
      onFrame: (frame, id) => {
        if (!("seq" in frame)) options.onFrame(frame, id);
      },
      onRefused: options.onRefused,
      onState: options.onState,
    }).close;
}
