import Type from "typebox";
import {
  ActionsBlockSchema,
  HandoverPrioritySchema,
  IdSchema,
  MetadataSchema,
  SourceSchema,
  TimestampSchema,
} from "./common.js";
import { ConversationStatusSchema } from "./conversation.js";

export const SessionStatusSchema = Type.Union([
  Type.Literal("active"),
  Type.Literal("completed"),
  Type.Literal("expired"),
]);

export const CreateSessionRequestSchema = Type.Object(
  {
    experienceId: IdSchema,
    sessionId: Type.Optional(Type.String({ format: "uuid" })),
    userId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    metadata: Type.Optional(MetadataSchema),
  },
  { additionalProperties: false },
);

export const SessionSchema = Type.Object({
  sessionId: Type.String(),
  experienceId: Type.String(),
  userId: Type.Union([Type.String(), Type.Null()]),
  status: SessionStatusSchema,
  metadata: MetadataSchema,
  createdAt: TimestampSchema,
  lastActivityAt: TimestampSchema,
  endedAt: Type.Union([TimestampSchema, Type.Null()]),
});

export const CreateSessionResponseSchema = Type.Object({
  ...SessionSchema.properties,
  sessionSecret: Type.String(),
});

export const TurnSchema = Type.Object({
  queryId: Type.String(),
  query: Type.String(),
  answer: Type.String(),
  sources: Type.Array(SourceSchema),
  actions: Type.Union([ActionsBlockSchema, Type.Null()]),
  status: Type.Union([
    Type.Literal("complete"),
    Type.Literal("interrupted"),
    Type.Literal("error"),
  ]),
  createdAt: TimestampSchema,
  timeToFirstDelta: Type.Union([Type.Number(), Type.Null()]),
  duration: Type.Union([Type.Number(), Type.Null()]),
  confidence: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  answered: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
});

export const SessionWithTurnsSchema = Type.Object({
  ...SessionSchema.properties,
  turns: Type.Array(TurnSchema),
});

export const SessionStatusResponseSchema = Type.Object({
  sessionId: Type.String(),
  status: SessionStatusSchema,
  messageCount: Type.Integer(),
  lastActivityAt: TimestampSchema,
  expiresAt: Type.Union([TimestampSchema, Type.Null()]),
  handoverRequested: Type.Boolean(),
  conversation: Type.Optional(ConversationStatusSchema),
});

export const UpdateSessionRequestSchema = Type.Object(
  { metadata: MetadataSchema },
  { additionalProperties: false },
);

export const HandoverRequestSchema = Type.Object(
  {
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    priority: Type.Optional(HandoverPrioritySchema),
    metadata: Type.Optional(MetadataSchema),
  },
  { additionalProperties: false },
);

export const HandoverResponseSchema = Type.Object({
  handoverId: Type.String(),
  sessionId: Type.String(),
  status: Type.Union([Type.Literal("recorded"), Type.Literal("notified")]),
  conversation: Type.Optional(ConversationStatusSchema),
});

export const QueryStopResponseSchema = Type.Object({
  queryId: Type.String(),
  status: Type.Union([Type.Literal("stopping"), Type.Literal("finished")]),
});
