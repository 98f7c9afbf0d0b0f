export { init } from "./widget.js";
export { version } from "./version.js";
export type {
  WidgetConfig,
  WidgetInstance,
  WidgetState,
  WidgetEvents,
  WidgetEventName,
  WidgetEventHandler,
  NexusChatWidgetGlobal,
  ActionsBlock,
  ActionButton,
  Action,
  MessageInterceptor,
  InterceptorContext,
  InterceptorResult,
  TranscriptEvent,
  TranscriptMessage,
  LinkParams,
} from "@nexus-chat/protocol";
