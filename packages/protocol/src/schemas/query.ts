import Type from "typebox";
import { ActionsBlockSchema, IdSchema, MetadataSchema, SourceSchema } from "./common.js";

/** Longest user message the API accepts, in characters. */
export const maxQueryLength = 4000;

export const QueryRequestSchema = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: maxQueryLength }),
    experienceId: IdSchema,
    sessionId: Type.Optional(Type.String({ format: "uuid" })),
    userId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    metadata: Type.Optional(MetadataSchema),
  },
  { additionalProperties: false },
);

export const QueryResponseSchema = Type.Object({
  queryId: Type.String(),
  sessionId: Type.String(),
  answer: Type.String(),
  sources: Type.Array(SourceSchema),
  actions: Type.Union([ActionsBlockSchema, Type.Null()]),
  duration: Type.Number(),
  confidence: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()])),
  answered: Type.Optional(Type.Boolean()),
});
