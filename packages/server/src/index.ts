export { createApp, type AppOptions } from "./app.js";
export { loadConfig, ConfigError, type ServerConfig, type LogLevel } from "./config.js";
export type {
  AnswerAssessment,
  AnswerEngine,
  AnswerPart,
  AnswerRequest,
} from "./engine/answer-engine.js";
export { defaultRateLimits, type RateLimitGroup } from "./http/rate-limiter.js";
