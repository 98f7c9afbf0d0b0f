import type { InboxEvent } from "@nexus-chat/protocol";

/** The Inbox's live feed: `GET /console/inbox/events`, with the session cookie. */
const feedUrl = "/api/v2/console/inbox/events";

/**
 * Follows the Inbox's live feed until the returned function is called. While it is open the
 * server counts the operator as online (a person a visitor can be handed to). `EventSource`
 * reconnects by itself; `onOpen` runs after every (re)connection so the page can catch up on
 * what changed while the feed was down.
 */
export function followInbox(onEvent: (event: InboxEvent) => void, onOpen: () => void): () => void {
  const source = new EventSource(feedUrl);
  const types: InboxEvent["type"][] = ["inbox-change", "conversation-message", "agent-typing"];
  const listener = (message: MessageEvent<string>) => {
    try {
      onEvent({ ...(JSON.parse(message.data) as object), type: message.type } as InboxEvent);
    } catch {
      // A malformed frame is skipped.
    }
  };
  for (const type of types) source.addEventListener(type, listener);
  source.addEventListener("open", onOpen);
  return () => source.close();
}
