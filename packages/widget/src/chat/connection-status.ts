import type { ChatStore } from "../state/chat-store.js";
import type { ChannelState } from "../transport/session-channel.js";
import type { Emit } from "./emit.js";

/** The widget's connection to the server as the visitor sees it and `connectionChange` reports it. */
export interface ConnectionStatus {
  /** The connection is in this state now; `connectionChange` fires if that is a change. */
  report(state: ChannelState): void;
  /**
   * The session channel closed because it is no longer needed (or gave up): the notice goes.
   * The state last reported stands until the next report.
   */
  closed(): void;
}

/**
 * Tracks the connection state: the visitor sees a notice while it is not `online`, and
 * `connectionChange` fires on each change. The widget starts `online`, so a page whose
 * connection never breaks never hears the event.
 */
export function createConnectionStatus(
  store: Pick<ChatStore, "connection">,
  emit: Emit,
): ConnectionStatus {
  let reported: ChannelState = "online";
  return {
    report(state) {
      store.connection.value = state;
      if (state === reported) return;
      reported = state;
      emit("connectionChange", { state });
    },
    closed() {
      store.connection.value = "online";
    },
  };
}
