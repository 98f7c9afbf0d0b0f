import Type, { type TSchema } from "typebox";
import { IdSchema, MetadataSchema, TimestampSchema, UuidSchema } from "./common.js";
import { SessionSchema, TurnSchema } from "./session.js";

export const OperatorRoleSchema = Type.Union([Type.Literal("admin"), Type.Literal("agent")]);

const EmailSchema = Type.String({ minLength: 3, maxLength: 254, pattern: "^[^\\s@]+@[^\\s@]+$" });
/** Long enough to resist guessing; long passphrases are welcome. */
const PasswordSchema = Type.String({ minLength: 10, maxLength: 1024 });
const DisplayNameSchema = Type.String({ minLength: 1, maxLength: 200 });

export const OperatorSchema = Type.Object({
  operatorId: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  role: OperatorRoleSchema,
  disabled: Type.Boolean(),
  createdAt: TimestampSchema,
  lastSignInAt: Type.Union([TimestampSchema, Type.Null()]),
  experienceIds: Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()])),
});

/** The experiences an operator takes conversations of; `null`: every one. */
const OperatorExperienceIdsSchema = Type.Union([
  Type.Array(IdSchema, { maxItems: 100 }),
  Type.Null(),
]);

export const ConsoleSignInRequestSchema = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const ConsoleSessionSchema = Type.Object({
  operator: OperatorSchema,
  csrfToken: Type.String(),
  expiresAt: TimestampSchema,
});

export const CreateOperatorRequestSchema = Type.Object(
  {
    email: EmailSchema,
    displayName: DisplayNameSchema,
    role: OperatorRoleSchema,
    password: PasswordSchema,
    experienceIds: Type.Optional(OperatorExperienceIdsSchema),
  },
  { additionalProperties: false },
);

export const UpdateOperatorRequestSchema = Type.Object(
  {
    displayName: Type.Optional(DisplayNameSchema),
    role: Type.Optional(OperatorRoleSchema),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(PasswordSchema),
    experienceIds: Type.Optional(OperatorExperienceIdsSchema),
  },
  { additionalProperties: false },
);

export const ApiClientSummarySchema = Type.Object({
  clientId: Type.String(),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  experienceIds: Type.Union([Type.Array(Type.String()), Type.Null()]),
  createdAt: TimestampSchema,
  revokedAt: Type.Union([TimestampSchema, Type.Null()]),
});

/** A page of `item`s. */
export function PageSchema<Item extends TSchema>(item: Item) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    offset: Type.Integer(),
    limit: Type.Integer(),
    nextCursor: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  });
}

/** `offset` and `limit` in a query string (numbers as text). */
export const PagingQuerySchema = Type.Object({
  offset: Type.Optional(Type.String({ pattern: "^\\d{1,9}$" })),
  limit: Type.Optional(Type.String({ pattern: "^\\d{1,4}$" })),
});

/**
 * `after`: the `nextCursor` of the previous page of a list paged by cursor. The page then starts
 * right after that row, however deep it is, and `offset` is only echoed back.
 */
export const CursorQuerySchema = Type.Object({
  after: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9_-]{1,400}$" })),
});

export const EmbedSnippetSchema = Type.Object({ html: Type.String(), module: Type.String() });

export const ConsoleDocumentSchema = Type.Object({
  documentId: Type.String(),
  title: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
  format: Type.String(),
  externalId: Type.Union([Type.String(), Type.Null()]),
  passages: Type.Integer(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});

export const ConsolePassageSchema = Type.Object({
  passageId: Type.Integer(),
  position: Type.Integer(),
  heading: Type.String(),
  body: Type.String(),
});

const DateOrTimeSchema = Type.String({
  pattern: "^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+(Z|[+-]\\d{2}:\\d{2})?)?$",
});
const FlagSchema = Type.Union([Type.Literal("true"), Type.Literal("false")]);

/** The conversation filters as a query string. */
export const ConversationFiltersQuerySchema = Type.Object({
  from: Type.Optional(DateOrTimeSchema),
  to: Type.Optional(DateOrTimeSchema),
  assistantId: Type.Optional(IdSchema),
  rating: Type.Optional(Type.Union([Type.Literal("positive"), Type.Literal("negative")])),
  handover: Type.Optional(FlagSchema),
  notAnswered: Type.Optional(FlagSchema),
  search: Type.Optional(Type.String({ maxLength: 200 })),
});

export const ConversationSummarySchema = Type.Object({
  sessionId: Type.String(),
  assistantId: Type.String(),
  userId: Type.Union([Type.String(), Type.Null()]),
  createdAt: TimestampSchema,
  lastActivityAt: TimestampSchema,
  questions: Type.Integer(),
  firstQuestion: Type.Union([Type.String(), Type.Null()]),
  positive: Type.Integer(),
  negative: Type.Integer(),
  notAnswered: Type.Integer(),
  handover: Type.Boolean(),
});

export const ConversationTranscriptSchema = Type.Object({
  session: SessionSchema,
  turns: Type.Array(
    Type.Object({
      ...TurnSchema.properties,
      answered: Type.Union([Type.Boolean(), Type.Null()]),
      feedback: Type.Union([
        Type.Object({
          rating: Type.Union([Type.Literal("positive"), Type.Literal("negative")]),
          comment: Type.Union([Type.String(), Type.Null()]),
        }),
        Type.Null(),
      ]),
    }),
  ),
  linkClicks: Type.Array(
    Type.Object({
      href: Type.String(),
      text: Type.String(),
      queryId: Type.Union([Type.String(), Type.Null()]),
      createdAt: Type.String(),
    }),
  ),
  widgetEvents: Type.Array(
    Type.Object({ name: Type.String(), timestamp: Type.String(), payload: MetadataSchema }),
  ),
  handovers: Type.Array(
    Type.Object({
      reason: Type.String(),
      priority: Type.String(),
      status: Type.String(),
      createdAt: Type.String(),
    }),
  ),
});

const analyticsCounts = {
  conversations: Type.Integer(),
  questions: Type.Integer(),
  answered: Type.Integer(),
  notAnswered: Type.Integer(),
  positive: Type.Integer(),
  negative: Type.Integer(),
  handovers: Type.Integer(),
  linkClicks: Type.Integer(),
};

export const ConsoleAnalyticsSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  totals: Type.Object(analyticsCounts),
  days: Type.Array(Type.Object({ date: Type.String(), ...analyticsCounts })),
  widgetEvents: Type.Array(Type.Object({ name: Type.String(), count: Type.Integer() })),
});

export const QuestionGroupSchema = Type.Object({
  question: Type.String(),
  count: Type.Integer(),
  variants: Type.Array(Type.String()),
  lastAskedAt: Type.String(),
});

export const LinkCountSchema = Type.Object({
  href: Type.String(),
  text: Type.String(),
  count: Type.Integer(),
});

export const SessionIdParamsSchema = Type.Object({ id: UuidSchema });
export const AssistantParamsSchema = Type.Object({ id: IdSchema });
