import type {
  ConsoleAnalytics,
  ConversationFilters,
  ConversationSummary,
  ConversationTranscript,
  LinkCount,
  Page,
  QuestionGroup,
} from "@nexus-chat/protocol";
import {
  ConsoleAnalyticsSchema,
  ConversationFiltersQuerySchema,
  ConversationSummarySchema,
  ConversationTranscriptSchema,
  CursorQuerySchema,
  ErrorEnvelopeSchema,
  LinkCountSchema,
  PageSchema,
  PagingQuerySchema,
  QuestionGroupSchema,
  SessionIdParamsSchema,
} from "@nexus-chat/protocol/schemas";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import { ApiError } from "../http/api-error.js";
import { decodeConversationCursor, timeRangeOf } from "../store/console-store.js";
import { paging } from "./console-assistant-routes.js";
import type { ConsoleRouteContext } from "./console-routes.js";
import { toCsv } from "./to-csv.js";
import { groupSimilarQuestions } from "./group-similar-questions.js";

const errors = { "4xx": ErrorEnvelopeSchema };

type FiltersQuery = {
  from?: string;
  to?: string;
  assistantId?: string;
  rating?: "positive" | "negative";
  handover?: "true" | "false";
  notAnswered?: "true" | "false";
  search?: string;
  offset?: string;
  limit?: string;
};

const ListQuerySchema = Type.Object({
  ...ConversationFiltersQuerySchema.properties,
  ...PagingQuerySchema.properties,
  ...CursorQuerySchema.properties,
});
const ExportQuerySchema = Type.Object({
  ...ConversationFiltersQuerySchema.properties,
  format: Type.Optional(Type.Union([Type.Literal("csv"), Type.Literal("json")])),
});
const RangeQuerySchema = Type.Object({
  from: ConversationFiltersQuerySchema.properties.from,
  to: ConversationFiltersQuerySchema.properties.to,
  assistantId: ConversationFiltersQuerySchema.properties.assistantId,
});
const RangePagingQuerySchema = Type.Object({
  ...RangeQuerySchema.properties,
  ...PagingQuerySchema.properties,
});

/** Most turns one export holds; narrow the filters for more. */
const maxExportTurns = 50_000;

function filtersOf(query: FiltersQuery): ConversationFilters {
  const filters: ConversationFilters = {};
  if (query.from !== undefined) filters.from = query.from;
  if (query.to !== undefined) filters.to = query.to;
  if (query.assistantId !== undefined) filters.assistantId = query.assistantId;
  if (query.rating !== undefined) filters.rating = query.rating;
  if (query.handover !== undefined) filters.handover = query.handover === "true";
  if (query.notAnswered === "true") filters.notAnswered = true;
  if (query.search !== undefined && query.search.trim() !== "") filters.search = query.search;
  if (filters.from !== undefined && filters.to !== undefined && filters.from > filters.to)
    throw new ApiError("VALIDATION_FAILED", "from must not be after to.");
  return filters;
}

/** Conversations (list, transcript, export) and analytics: what agents may read. */
export async function consoleInsightRoutes(
  app: FastifyInstance,
  context: ConsoleRouteContext,
): Promise<void> {
  app.get<{ Querystring: FiltersQuery & { after?: string } }>(
    "/console/conversations",
    {
      config: { consoleAccess: "agent" },
      schema: {
        querystring: ListQuerySchema,
        response: { 200: PageSchema(ConversationSummarySchema), ...errors },
      },
    },
    async (request): Promise<Page<ConversationSummary>> => {
      const { offset, limit } = paging(request.query);
      let after: ReturnType<typeof decodeConversationCursor>;
      if (request.query.after !== undefined) {
        after = decodeConversationCursor(request.query.after);
        if (!after) throw new ApiError("VALIDATION_FAILED", "after is not a cursor of this list.");
      }
      return context.store.console.listConversations(filtersOf(request.query), {
        offset,
        limit,
        after,
      });
    },
  );

  app.get<{ Querystring: FiltersQuery & { format?: "csv" | "json" } }>(
    "/console/conversations/export",
    { config: { consoleAccess: "agent" }, schema: { querystring: ExportQuerySchema } },
    async (request, reply) => {
      const turns = await context.store.console.exportTurns(
        filtersOf(request.query),
        maxExportTurns,
      );
      const stamp = new Date().toISOString().slice(0, 10);
      const format = request.query.format ?? "csv";
      void reply
        .header("content-disposition", `attachment; filename="conversations-${stamp}.${format}"`)
        .header("cache-control", "no-store");
      if (format === "json")
        return reply.type("application/json; charset=utf-8").send(JSON.stringify(turns));
      const rows: unknown[][] = [
        [
          "session_id",
          "assistant_id",
          "user_id",
          "asked_at",
          "question",
          "answer",
          "status",
          "answered",
          "rating",
          "comment",
          "sources",
        ],
        ...turns.map((turn) => [
          turn.sessionId,
          turn.assistantId,
          turn.userId,
          turn.askedAt,
          turn.question,
          turn.answer,
          turn.status,
          turn.answered,
          turn.rating,
          turn.comment,
          turn.sources.join(" | "),
        ]),
      ];
      return reply.type("text/csv; charset=utf-8").send(toCsv(rows));
    },
  );

  app.get<{ Params: { id: string } }>(
    "/console/conversations/:id",
    {
      config: { consoleAccess: "agent" },
      schema: {
        params: SessionIdParamsSchema,
        response: { 200: ConversationTranscriptSchema, ...errors },
      },
    },
    async (request): Promise<ConversationTranscript> => {
      const transcript = await context.store.console.transcript(request.params.id);
      if (!transcript) throw new ApiError("SESSION_NOT_FOUND");
      return transcript;
    },
  );

  app.get<{ Querystring: { from?: string; to?: string; assistantId?: string } }>(
    "/console/analytics",
    {
      config: { consoleAccess: "agent" },
      schema: {
        querystring: RangeQuerySchema,
        response: { 200: ConsoleAnalyticsSchema, ...errors },
      },
    },
    async (request): Promise<ConsoleAnalytics> => {
      const filters = filtersOf(request.query);
      return context.store.console.analytics(timeRangeOf(filters), filters.assistantId);
    },
  );

  const questionGroups =
    (notAnsweredOnly: boolean) =>
    async (request: {
      query: { from?: string; to?: string; assistantId?: string; offset?: string; limit?: string };
    }): Promise<Page<QuestionGroup>> => {
      const filters = filtersOf(request.query);
      const { offset, limit } = paging(request.query, 10);
      const groups = groupSimilarQuestions(
        await context.store.console.questionCounts(
          timeRangeOf(filters),
          filters.assistantId,
          notAnsweredOnly,
        ),
      );
      return { items: groups.slice(offset, offset + limit), total: groups.length, offset, limit };
    };
  const groupsSchema = {
    querystring: RangePagingQuerySchema,
    response: { 200: PageSchema(QuestionGroupSchema), ...errors },
  };
  type RangePaging = { Querystring: FiltersQuery };
  app.get<RangePaging>(
    "/console/analytics/unanswered",
    { config: { consoleAccess: "agent" }, schema: groupsSchema },
    questionGroups(true),
  );
  app.get<RangePaging>(
    "/console/analytics/top-questions",
    { config: { consoleAccess: "agent" }, schema: groupsSchema },
    questionGroups(false),
  );

  app.get<{
    Querystring: {
      from?: string;
      to?: string;
      assistantId?: string;
      offset?: string;
      limit?: string;
    };
  }>(
    "/console/analytics/top-links",
    {
      config: { consoleAccess: "agent" },
      schema: {
        querystring: RangePagingQuerySchema,
        response: { 200: PageSchema(LinkCountSchema), ...errors },
      },
    },
    async (request): Promise<Page<LinkCount>> => {
      const filters = filtersOf(request.query);
      const { offset, limit } = paging(request.query, 10);
      return context.store.console.topLinks(
        timeRangeOf(filters),
        filters.assistantId,
        offset,
        limit,
      );
    },
  );
}
