import { createStreamEventDecoder, type StreamEvent } from "@nexus-chat/protocol";

/** The events of a whole SSE response body, read with the protocol's decoder as the widget reads them. */
export function parseStream(body: string): StreamEvent[] {
  const events: StreamEvent[] = [];
  const decoder = createStreamEventDecoder({ onEvent: (event) => events.push(event) });
  decoder.feed(body);
  decoder.end();
  return events;
}
