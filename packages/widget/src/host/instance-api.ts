import type {
  TranscriptEvent,
  WidgetEvents,
  WidgetInstance,
  WidgetState,
} from "@nexus-chat/protocol";
import type { Emitter } from "../emitter.js";
import type { ChatStore } from "../state/chat-store.js";
import type { ChatController } from "../chat/chat-controller.js";
import type { Host } from "./host.js";
import type { WindowPart } from "./window-part.js";

/** The object `init` returns: the documented methods, each a no-op once destroyed. */
export function createInstanceApi(
  host: Host,
  emitter: Emitter<WidgetEvents>,
  store: ChatStore,
  window: WindowPart,
  controller: ChatController,
  /** The whole transcript, the part kept in storage only included. */
  allEvents: () => readonly TranscriptEvent[],
): WidgetInstance {
  return {
    on: (name, handler) => emitter.on(name, handler),
    off: (name, handler) => emitter.off(name, handler),
    once: (name, handler) => emitter.once(name, handler),
    open: window.open,
    close: window.close,
    toggle: window.toggle,
    minimize: window.minimize,
    maximize: window.maximize,
    sendMessage: (text, metadata) =>
      host.stopped ? Promise.resolve() : controller.send(text, metadata),
    startNewSession: (sessionId) => (host.stopped ? "" : controller.startNewSession(sessionId)),
    clearChat: () => {
      if (!host.stopped) controller.clearChat();
    },
    getState: (): WidgetState => ({
      isOpen: store.isOpen.value,
      mode: store.mode.value,
      sessionId: store.sessionId.value,
      isStreaming: store.isStreaming.value,
      messageCount: store.messageCount(),
      disclaimerAccepted: store.disclaimerAccepted.value,
      messages: allEvents(),
    }),
    destroy: () => host.stop(),
  };
}
