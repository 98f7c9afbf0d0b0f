import Type from "typebox";
import { knowledgeLanguages, type KnowledgeLanguage } from "../config/knowledge-languages.js";
import type { RemoteWidgetConfig } from "../config/widget-config.js";
import { MetadataSchema, TimestampSchema } from "./common.js";

export const EngineKindSchema = Type.Union([
  Type.Literal("retrieval"),
  Type.Literal("openai-compatible"),
  Type.Literal("webhook"),
]);

/**
 * The stored widget configuration. Its shape is `RemoteWidgetConfig`; the widget itself warns
 * about unknown or mistyped options, so the server only insists on a JSON object.
 */
export const RemoteWidgetConfigSchema = Type.Unsafe<RemoteWidgetConfig>(
  Type.Object({}, { additionalProperties: true }),
);

export const ExperiencePublicConfigSchema = Type.Object({
  experienceId: Type.String(),
  name: Type.String(),
  widget: RemoteWidgetConfigSchema,
});

/** One of `knowledgeLanguages`. */
export const KnowledgeLanguageSchema = Type.Unsafe<KnowledgeLanguage>(
  Type.String({ enum: [...knowledgeLanguages] }),
);

const ExperienceIdSchema = Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,62}$" });

export const ExperienceSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  engine: EngineKindSchema,
  engineOptions: MetadataSchema,
  widget: RemoteWidgetConfigSchema,
  requireAuth: Type.Boolean(),
  allowedOrigins: Type.Array(Type.String()),
  handoverWebhookUrl: Type.Union([Type.String(), Type.Null()]),
  handoverQueueTimeoutSeconds: Type.Optional(Type.Integer()),
  knowledgeLanguage: Type.Optional(KnowledgeLanguageSchema),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});

const experienceFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  engine: Type.Optional(EngineKindSchema),
  engineOptions: Type.Optional(MetadataSchema),
  widget: Type.Optional(RemoteWidgetConfigSchema),
  requireAuth: Type.Optional(Type.Boolean()),
  allowedOrigins: Type.Optional(Type.Array(Type.String({ maxLength: 255 }), { maxItems: 100 })),
  handoverWebhookUrl: Type.Optional(
    Type.Union([Type.String({ format: "uri", maxLength: 2048 }), Type.Null()]),
  ),
  handoverQueueTimeoutSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 86_400 })),
  // Any short text passes the schema: the server refuses an unknown language with a message
  // that names the supported ones.
  knowledgeLanguage: Type.Optional(
    Type.Unsafe<KnowledgeLanguage>(Type.String({ minLength: 1, maxLength: 35 })),
  ),
};

export const CreateExperienceRequestSchema = Type.Object(
  { id: Type.Optional(ExperienceIdSchema), ...experienceFields },
  { additionalProperties: false },
);

export const UpdateExperienceRequestSchema = Type.Object(
  { ...experienceFields, name: Type.Optional(experienceFields.name) },
  { additionalProperties: false },
);
