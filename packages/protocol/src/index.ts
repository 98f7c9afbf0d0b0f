export type * from "./events/widget-events.js";
export type { LinkParams } from "./events/link-params.js";
export {
  widgetEventGroups,
  widgetEventNames,
  type WidgetEventGroup,
} from "./events/event-groups.js";

export type * from "./config/actions.js";
export type * from "./config/interceptor.js";
export type * from "./config/widget-config.js";
export type * from "./config/widget-instance.js";
export { widgetLanguagePackFile, widgetLocales } from "./config/widget-locales.js";
export type { WidgetLocale } from "./config/widget-locales.js";
export {
  defaultKnowledgeLanguage,
  isKnowledgeLanguage,
  knowledgeLanguages,
} from "./config/knowledge-languages.js";
export type { KnowledgeLanguage } from "./config/knowledge-languages.js";

export type { Source } from "./wire/source.js";
export type * from "./wire/query.js";
export { streamEventTypes } from "./wire/stream-events.js";
export type * from "./wire/stream-events.js";
export { resumeQueryParameter, sessionChannelEventTypes } from "./wire/session-channel.js";
export type * from "./wire/session-channel.js";
export {
  conversationFrameTypes,
  webhookSignatureHeader,
  webhookTimestampHeader,
} from "./wire/conversation.js";
export type * from "./wire/conversation.js";
export type * from "./wire/feedback.js";
export type * from "./wire/analytics.js";
export type * from "./wire/session.js";
export type * from "./wire/experience.js";
export type * from "./wire/auth.js";
export type * from "./wire/ingestion.js";
export type * from "./wire/console.js";
export type { HealthResponse } from "./wire/health.js";
export {
  apiPrefix,
  protocolVersion,
  protocolVersionHeader,
  sessionIdHeader,
  sessionSecretHeader,
} from "./wire/http.js";

export {
  errorCatalogue,
  isErrorCode,
  type ErrorCode,
  type ErrorDefinition,
  type ErrorEnvelope,
} from "./errors/error-catalogue.js";

export {
  createSessionChannelDecoder,
  type SessionChannelDecoder,
  type SessionChannelFrame,
} from "./sse/session-channel-decoder.js";
export {
  encodeSseFrame,
  encodeSseComment,
  encodeStreamEvent,
  type SseFrame,
} from "./sse/sse-encoder.js";
export {
  createStreamEventDecoder,
  readStreamEvents,
  type StreamEventDecoder,
  type StreamEventDecoderCallbacks,
} from "./sse/stream-event-decoder.js";
