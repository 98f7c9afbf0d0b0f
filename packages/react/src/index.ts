export { useNexusChat, type UseNexusChatOptions } from "./use-nexus-chat.js";
export { NexusChat, type NexusChatProps } from "./nexus-chat.js";
export type { NexusChatConfig } from "./nexus-chat-config.js";
export {
  eventCallbackName,
  type EventCallbackName,
  type NexusChatEventCallbacks,
} from "./event-callbacks.js";
