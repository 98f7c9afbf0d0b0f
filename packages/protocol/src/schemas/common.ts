import Type from "typebox";

/** Free-form JSON object owned by the client. */
export const MetadataSchema = Type.Record(Type.String(), Type.Unknown());

export const IdSchema = Type.String({ minLength: 1, maxLength: 128 });

export const UuidSchema = Type.String({ format: "uuid" });

/** ISO 8601 date-time. */
export const TimestampSchema = Type.String({ format: "date-time" });

export const HandoverPrioritySchema = Type.Union([
  Type.Literal("low"),
  Type.Literal("normal"),
  Type.Literal("high"),
]);

export const ActionSchema = Type.Union([
  Type.Object({
    type: Type.Literal("trigger_handover"),
    payload: Type.Optional(
      Type.Object({
        reason: Type.Optional(Type.String({ maxLength: 200 })),
        priority: Type.Optional(HandoverPrioritySchema),
        metadata: Type.Optional(MetadataSchema),
      }),
    ),
  }),
  Type.Object({
    type: Type.Literal("open_url"),
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    target: Type.Optional(Type.Union([Type.Literal("_blank"), Type.Literal("_self")])),
  }),
  Type.Object({
    type: Type.Literal("send_event"),
    eventName: Type.String({ minLength: 1, maxLength: 200 }),
    eventData: Type.Optional(MetadataSchema),
  }),
  Type.Object({
    type: Type.Literal("send_query"),
    query: Type.String({ minLength: 1, maxLength: 4000 }),
    displayText: Type.Optional(Type.String({ maxLength: 4000 })),
  }),
]);

export const ActionButtonSchema = Type.Object({
  id: IdSchema,
  label: Type.String({ minLength: 1, maxLength: 200 }),
  icon: Type.Optional(
    Type.Object({ type: Type.Literal("emoji"), content: Type.String({ maxLength: 16 }) }),
  ),
  action: ActionSchema,
  style: Type.Optional(
    Type.Object({
      backgroundColor: Type.Optional(Type.String({ maxLength: 64 })),
      textColor: Type.Optional(Type.String({ maxLength: 64 })),
    }),
  ),
  behavior: Type.Optional(Type.Object({ oneTimeUse: Type.Optional(Type.Boolean()) })),
});

export const ActionsBlockSchema = Type.Object({
  alignment: Type.Optional(
    Type.Union([
      Type.Literal("left"),
      Type.Literal("center"),
      Type.Literal("right"),
      Type.Literal("stretch"),
    ]),
  ),
  spacing: Type.Optional(
    Type.Union([Type.Literal("compact"), Type.Literal("normal"), Type.Literal("relaxed")]),
  ),
  actions: Type.Array(ActionButtonSchema, { maxItems: 20 }),
});

export const SourceSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
  snippet: Type.String(),
  score: Type.Number(),
});
