import Type from "typebox";
import { IdSchema, MetadataSchema, TimestampSchema, UuidSchema } from "./common.js";

export const IngestionDocumentSchema = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: 500 })),
    content: Type.String({ minLength: 1, maxLength: 5_000_000 }),
    format: Type.Optional(
      Type.Union([Type.Literal("markdown"), Type.Literal("html"), Type.Literal("text")]),
    ),
    url: Type.Optional(Type.String({ maxLength: 2048 })),
    externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    metadata: Type.Optional(MetadataSchema),
  },
  { additionalProperties: false },
);

/** Most documents one JSON ingestion job may carry. */
export const maxDocumentsPerJob = 1000;

export const CreateIngestionJobRequestSchema = Type.Object(
  {
    experienceId: IdSchema,
    documents: Type.Array(IngestionDocumentSchema, { minItems: 1, maxItems: maxDocumentsPerJob }),
  },
  { additionalProperties: false },
);

const WebAddressSchema = Type.String({ pattern: "^https?://[^\\s]+$", maxLength: 2048 });

export const CreateWebIngestionRequestSchema = Type.Object(
  {
    experienceId: IdSchema,
    urls: Type.Optional(Type.Array(WebAddressSchema, { minItems: 1, maxItems: 500 })),
    sitemap: Type.Optional(WebAddressSchema),
    crawl: Type.Optional(
      Type.Object(
        {
          startUrl: WebAddressSchema,
          maxDepth: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
        },
        { additionalProperties: false },
      ),
    ),
    maxPages: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

export const CreateWebSourceRequestSchema = Type.Object(
  {
    ...CreateWebIngestionRequestSchema.properties,
    intervalMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 43_200 })),
  },
  { additionalProperties: false },
);

export const WebSourceCrawlSchema = Type.Object({
  startedAt: TimestampSchema,
  finishedAt: TimestampSchema,
  changed: Type.Integer(),
  unchanged: Type.Integer(),
  removed: Type.Integer(),
  skipped: Type.Integer(),
  jobId: Type.Union([Type.String(), Type.Null()]),
  error: Type.Optional(Type.String()),
});

export const WebSourceSchema = Type.Object({
  sourceId: Type.String(),
  experienceId: Type.String(),
  urls: Type.Optional(Type.Array(Type.String())),
  sitemap: Type.Optional(Type.String()),
  crawl: Type.Optional(
    Type.Object({ startUrl: Type.String(), maxDepth: Type.Optional(Type.Integer()) }),
  ),
  maxPages: Type.Optional(Type.Integer()),
  intervalMinutes: Type.Integer(),
  pages: Type.Integer(),
  createdAt: TimestampSchema,
  nextCrawlAt: TimestampSchema,
  lastCrawl: Type.Union([WebSourceCrawlSchema, Type.Null()]),
  crawling: Type.Optional(Type.Boolean()),
});

export const WebSourceListSchema = Type.Object({ items: Type.Array(WebSourceSchema) });

const { experienceId: _experienceId, ...webImportProperties } =
  CreateWebIngestionRequestSchema.properties;

export const ConsoleWebImportRequestSchema = Type.Object(webImportProperties, {
  additionalProperties: false,
});

export const ConsoleWebSourceRequestSchema = Type.Object(
  {
    ...webImportProperties,
    intervalMinutes: CreateWebSourceRequestSchema.properties.intervalMinutes,
  },
  { additionalProperties: false },
);

export const ReindexRequestSchema = Type.Object(
  {
    experienceId: IdSchema,
    documentId: Type.Optional(UuidSchema),
  },
  { additionalProperties: false },
);

export const IngestionJobSchema = Type.Object({
  jobId: Type.String(),
  experienceId: Type.String(),
  status: Type.Union([
    Type.Literal("queued"),
    Type.Literal("running"),
    Type.Literal("completed"),
    Type.Literal("failed"),
  ]),
  total: Type.Integer(),
  processed: Type.Integer(),
  created: Type.Integer(),
  duplicates: Type.Integer(),
  failed: Type.Integer(),
  passages: Type.Integer(),
  errors: Type.Array(Type.Object({ document: Type.String(), message: Type.String() })),
  createdAt: TimestampSchema,
  finishedAt: Type.Union([TimestampSchema, Type.Null()]),
});

export const ConsoleWebImportSchema = Type.Object({
  job: IngestionJobSchema,
  skipped: Type.Array(Type.Object({ url: Type.String(), reason: Type.String() })),
});
