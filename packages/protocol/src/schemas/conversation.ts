import Type from "typebox";
import { IdSchema, MetadataSchema, TimestampSchema } from "./common.js";

export const ConversationStateSchema = Type.Union([
  Type.Literal("bot"),
  Type.Literal("queued"),
  Type.Literal("agent"),
  Type.Literal("closed"),
]);

/** An agent's name and avatar; the avatar must be an `https:` URL. */
export const AgentProfileSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    avatarUrl: Type.Optional(
      Type.String({ minLength: 9, maxLength: 2048, pattern: "^https://[^\\s]+$" }),
    ),
  },
  { additionalProperties: false },
);

export const ConversationStatusSchema = Type.Object({
  state: ConversationStateSchema,
  queuePosition: Type.Union([Type.Integer(), Type.Null()]),
  agent: Type.Union([AgentProfileSchema, Type.Null()]),
  agentsAvailable: Type.Boolean(),
});

/** A message of a live conversation: 1 to 4,000 characters with something visible in them. */
const MessageTextSchema = Type.String({ minLength: 1, maxLength: 4000, pattern: "\\S" });

export const VisitorMessageRequestSchema = Type.Object(
  {
    text: MessageTextSchema,
    userId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  },
  { additionalProperties: false },
);

export const VisitorMessageResponseSchema = Type.Object({
  messageId: Type.String(),
  deliveredTo: Type.Union([Type.Literal("agent"), Type.Literal("queued"), Type.Literal("left")]),
  createdAt: TimestampSchema,
});

export const ConversationMessageSchema = Type.Object({
  messageId: Type.String(),
  author: Type.Union([Type.Literal("visitor"), Type.Literal("agent"), Type.Literal("system")]),
  agent: Type.Union([AgentProfileSchema, Type.Null()]),
  text: Type.String(),
  createdAt: TimestampSchema,
});

export const DeskJoinRequestSchema = Type.Object(
  { agent: AgentProfileSchema },
  { additionalProperties: false },
);

export const DeskTypingRequestSchema = Type.Object(
  { agent: AgentProfileSchema, typing: Type.Boolean() },
  { additionalProperties: false },
);

export const AgentMessageRequestSchema = Type.Object(
  { text: MessageTextSchema, agent: Type.Optional(AgentProfileSchema) },
  { additionalProperties: false },
);

export const EndConversationRequestSchema = Type.Object(
  { to: Type.Union([Type.Literal("bot"), Type.Literal("closed")]) },
  { additionalProperties: false },
);

export const ConsoleTypingRequestSchema = Type.Object(
  { typing: Type.Boolean() },
  { additionalProperties: false },
);

export const TransferTargetSchema = Type.Object({
  operatorId: Type.String(),
  displayName: Type.String(),
  online: Type.Boolean(),
});

export const TransferConversationRequestSchema = Type.Object(
  { operatorId: IdSchema },
  { additionalProperties: false },
);

export const InboxItemSchema = Type.Object({
  sessionId: Type.String(),
  experienceId: Type.String(),
  experienceName: Type.String(),
  state: ConversationStateSchema,
  queuePosition: Type.Union([Type.Integer(), Type.Null()]),
  queuedAt: Type.Union([TimestampSchema, Type.Null()]),
  agent: Type.Union([AgentProfileSchema, Type.Null()]),
  operatorId: Type.Union([Type.String(), Type.Null()]),
  userId: Type.Union([Type.String(), Type.Null()]),
  page: Type.Union([Type.String(), Type.Null()]),
  handoverReason: Type.Union([Type.String(), Type.Null()]),
  lastMessage: Type.Union([ConversationMessageSchema, Type.Null()]),
});

export const InboxResponseSchema = Type.Object({
  queued: Type.Array(InboxItemSchema),
  mine: Type.Array(InboxItemSchema),
  left: Type.Array(InboxItemSchema),
});

export const LiveConversationStatusSchema = Type.Object({
  ...ConversationStatusSchema.properties,
  operatorId: Type.Union([Type.String(), Type.Null()]),
  queuedAt: Type.Union([TimestampSchema, Type.Null()]),
});

export const LiveConversationSchema = Type.Object({
  sessionId: Type.String(),
  experienceId: Type.String(),
  experienceName: Type.String(),
  userId: Type.Union([Type.String(), Type.Null()]),
  metadata: MetadataSchema,
  page: Type.Union([Type.String(), Type.Null()]),
  createdAt: TimestampSchema,
  lastActivityAt: TimestampSchema,
  conversation: LiveConversationStatusSchema,
  turns: Type.Array(
    Type.Object({
      queryId: Type.String(),
      query: Type.String(),
      answer: Type.String(),
      createdAt: TimestampSchema,
    }),
  ),
  messages: Type.Array(ConversationMessageSchema),
  handovers: Type.Array(
    Type.Object({ reason: Type.String(), priority: Type.String(), createdAt: TimestampSchema }),
  ),
});

export const HandoverWebhookSecretSchema = Type.Object({
  experienceId: Type.String(),
  secret: Type.String(),
});
