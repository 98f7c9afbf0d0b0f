import Type from "typebox";

const HttpUrlSchema = Type.String({ pattern: "^https?://[^\\s]+$", maxLength: 2048 });
const TimeoutSchema = Type.Integer({ minimum: 1000, maximum: 300_000 });

/**
 * What each answer engine accepts in `engineOptions`, checked when an assistant is saved from the
 * console (not when a visitor asks). Secrets (`apiKey`, `secret`) may be the `"(set)"` marker the
 * console shows for a stored value: the stored one is kept.
 */
export const EngineOptionsSchemas = {
  retrieval: Type.Object(
    {
      wordDelayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
      answerStyle: Type.Optional(Type.Union([Type.Literal("focused"), Type.Literal("passages")])),
      answerThreshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
      synonyms: Type.Optional(
        Type.Array(
          Type.Array(Type.String({ minLength: 1, maxLength: 60, pattern: "^\\S+$" }), {
            minItems: 2,
            maxItems: 50,
          }),
          { maxItems: 2000 },
        ),
      ),
      spellingCorrection: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  "openai-compatible": Type.Object(
    {
      baseUrl: HttpUrlSchema,
      model: Type.String({ minLength: 1, maxLength: 200 }),
      apiKey: Type.Optional(Type.String({ maxLength: 1000 })),
      timeoutMs: Type.Optional(TimeoutSchema),
      systemPrompt: Type.Optional(Type.String({ maxLength: 20_000 })),
      maxRetries: Type.Optional(Type.Integer({ minimum: 0, maximum: 5 })),
    },
    { additionalProperties: false },
  ),
  webhook: Type.Object(
    {
      url: HttpUrlSchema,
      secret: Type.Optional(Type.String({ maxLength: 1000 })),
      timeoutMs: Type.Optional(TimeoutSchema),
    },
    { additionalProperties: false },
  ),
};
