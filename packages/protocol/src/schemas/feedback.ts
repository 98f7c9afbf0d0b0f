import Type from "typebox";

export const FeedbackRequestSchema = Type.Object(
  {
    queryId: Type.String({ minLength: 1, maxLength: 128 }),
    sessionId: Type.String({ format: "uuid" }),
    rating: Type.Union([Type.Literal("positive"), Type.Literal("negative")]),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const FeedbackResponseSchema = Type.Object({ feedbackId: Type.String() });
