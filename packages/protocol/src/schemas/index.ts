// Runtime JSON schemas for the server. Kept on their own subpath so the widget never bundles them.
export * from "./common.js";
export * from "./error.js";
export * from "./query.js";
export * from "./feedback.js";
export * from "./analytics.js";
export * from "./session.js";
export * from "./experience.js";
export * from "./auth.js";
export * from "./ingestion.js";
export * from "./health.js";
export * from "./console.js";
export * from "./engine-options.js";
export * from "./conversation.js";
