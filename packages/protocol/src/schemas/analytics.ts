import Type from "typebox";
import { widgetEventNames } from "../events/event-groups.js";
import type { WidgetEventName } from "../events/widget-events.js";
import { IdSchema, MetadataSchema, TimestampSchema } from "./common.js";

const SessionIdOrNullSchema = Type.Union([Type.String({ maxLength: 128 }), Type.Null()]);

export const LinkClickRequestSchema = Type.Object(
  {
    experienceId: IdSchema,
    sessionId: SessionIdOrNullSchema,
    queryId: Type.Optional(Type.String({ maxLength: 128 })),
    href: Type.String({ minLength: 1, maxLength: 4096 }),
    text: Type.String({ maxLength: 1000 }),
    protocol: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);

export const WidgetEventNameSchema = Type.Unsafe<WidgetEventName>(
  Type.String({ enum: widgetEventNames }),
);

export const AnalyticsEventSchema = Type.Object({
  name: WidgetEventNameSchema,
  timestamp: TimestampSchema,
  sessionId: SessionIdOrNullSchema,
  payload: MetadataSchema,
});

/** Most events one analytics batch may carry. */
export const maxAnalyticsBatch = 100;

export const AnalyticsEventsRequestSchema = Type.Object(
  {
    experienceId: IdSchema,
    events: Type.Array(AnalyticsEventSchema, { minItems: 1, maxItems: maxAnalyticsBatch }),
  },
  { additionalProperties: false },
);

export const AnalyticsAcceptedResponseSchema = Type.Object({ accepted: Type.Integer() });
