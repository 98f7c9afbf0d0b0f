import type Type from "typebox";
import Value from "typebox/value";
import { describe, expect, expectTypeOf, it } from "vitest";
import type {
  AccessTokenRequest,
  ActionsBlock,
  AnalyticsEventsRequest,
  CreateExperienceRequest,
  CreateIngestionJobRequest,
  CreateWebIngestionRequest,
  CreateWebSourceRequest,
  ConsoleWebImport,
  ConsoleWebImportRequest,
  ConsoleWebSourceRequest,
  WebSource,
  WebSourceList,
  CreateSessionRequest,
  ErrorEnvelope,
  Experience,
  ExperiencePublicConfig,
  FeedbackRequest,
  HandoverRequest,
  HandoverResponse,
  HealthResponse,
  IngestionJob,
  LinkClickRequest,
  QueryRequest,
  QueryResponse,
  RefreshTokenRequest,
  Session,
  SessionStatusResponse,
  SessionWithTurns,
  Source,
  TokenResponse,
  UpdateExperienceRequest,
  UpdateSessionRequest,
  AgentMessageRequest,
  ConversationMessage,
  ConversationStatus,
  DeskJoinRequest,
  EndConversationRequest,
  InboxResponse,
  LiveConversation,
  VisitorMessageRequest,
  VisitorMessageResponse,
} from "../index.js";
import * as schemas from "./index.js";

type Static<Schema extends Type.TSchema> = Type.Static<Schema>;

describe("schemas agree with the wire types", () => {
  it("at compile time, in both directions", () => {
    // `tsc` checks these lines as part of `npm test`; a drift between a schema and its type fails it.
    expectTypeOf<Static<typeof schemas.QueryRequestSchema>>().toEqualTypeOf<QueryRequest>();
    expectTypeOf<
      Static<typeof schemas.ConversationStatusSchema>
    >().toEqualTypeOf<ConversationStatus>();
    expectTypeOf<
      Static<typeof schemas.ConversationMessageSchema>
    >().toEqualTypeOf<ConversationMessage>();
    expectTypeOf<
      Static<typeof schemas.VisitorMessageRequestSchema>
    >().toEqualTypeOf<VisitorMessageRequest>();
    expectTypeOf<
      Static<typeof schemas.VisitorMessageResponseSchema>
    >().toEqualTypeOf<VisitorMessageResponse>();
    expectTypeOf<Static<typeof schemas.DeskJoinRequestSchema>>().toEqualTypeOf<DeskJoinRequest>();
    expectTypeOf<
      Static<typeof schemas.AgentMessageRequestSchema>
    >().toEqualTypeOf<AgentMessageRequest>();
    expectTypeOf<
      Static<typeof schemas.EndConversationRequestSchema>
    >().toEqualTypeOf<EndConversationRequest>();
    expectTypeOf<Static<typeof schemas.InboxResponseSchema>>().toEqualTypeOf<InboxResponse>();
    expectTypeOf<Static<typeof schemas.LiveConversationSchema>>().toEqualTypeOf<LiveConversation>();
    expectTypeOf<Static<typeof schemas.QueryResponseSchema>>().toEqualTypeOf<QueryResponse>();
    expectTypeOf<Static<typeof schemas.SourceSchema>>().toEqualTypeOf<Source>();
    expectTypeOf<Static<typeof schemas.ActionsBlockSchema>>().toEqualTypeOf<ActionsBlock>();
    expectTypeOf<Static<typeof schemas.FeedbackRequestSchema>>().toEqualTypeOf<FeedbackRequest>();
    expectTypeOf<Static<typeof schemas.LinkClickRequestSchema>>().toEqualTypeOf<LinkClickRequest>();
    expectTypeOf<
      Static<typeof schemas.AnalyticsEventsRequestSchema>
    >().toEqualTypeOf<AnalyticsEventsRequest>();
    expectTypeOf<
      Static<typeof schemas.CreateSessionRequestSchema>
    >().toEqualTypeOf<CreateSessionRequest>();
    expectTypeOf<Static<typeof schemas.SessionSchema>>().toEqualTypeOf<Session>();
    expectTypeOf<Static<typeof schemas.SessionWithTurnsSchema>>().toEqualTypeOf<SessionWithTurns>();
    expectTypeOf<
      Static<typeof schemas.SessionStatusResponseSchema>
    >().toEqualTypeOf<SessionStatusResponse>();
    expectTypeOf<
      Static<typeof schemas.UpdateSessionRequestSchema>
    >().toEqualTypeOf<UpdateSessionRequest>();
    expectTypeOf<Static<typeof schemas.HandoverRequestSchema>>().toEqualTypeOf<HandoverRequest>();
    expectTypeOf<Static<typeof schemas.HandoverResponseSchema>>().toEqualTypeOf<HandoverResponse>();
    expectTypeOf<
      Static<typeof schemas.ExperiencePublicConfigSchema>
    >().toEqualTypeOf<ExperiencePublicConfig>();
    expectTypeOf<Static<typeof schemas.ExperienceSchema>>().toEqualTypeOf<Experience>();
    expectTypeOf<
      Static<typeof schemas.CreateExperienceRequestSchema>
    >().toEqualTypeOf<CreateExperienceRequest>();
    expectTypeOf<
      Static<typeof schemas.UpdateExperienceRequestSchema>
    >().toEqualTypeOf<UpdateExperienceRequest>();
    expectTypeOf<
      Static<typeof schemas.AccessTokenRequestSchema>
    >().toEqualTypeOf<AccessTokenRequest>();
    expectTypeOf<
      Static<typeof schemas.RefreshTokenRequestSchema>
    >().toEqualTypeOf<RefreshTokenRequest>();
    expectTypeOf<Static<typeof schemas.TokenResponseSchema>>().toEqualTypeOf<TokenResponse>();
    expectTypeOf<
      Static<typeof schemas.CreateIngestionJobRequestSchema>
    >().toEqualTypeOf<CreateIngestionJobRequest>();
    expectTypeOf<
      Static<typeof schemas.CreateWebIngestionRequestSchema>
    >().toEqualTypeOf<CreateWebIngestionRequest>();
    expectTypeOf<Static<typeof schemas.IngestionJobSchema>>().toEqualTypeOf<IngestionJob>();
    expectTypeOf<
      Static<typeof schemas.CreateWebSourceRequestSchema>
    >().toEqualTypeOf<CreateWebSourceRequest>();
    expectTypeOf<Static<typeof schemas.WebSourceSchema>>().toEqualTypeOf<WebSource>();
    expectTypeOf<Static<typeof schemas.WebSourceListSchema>>().toEqualTypeOf<WebSourceList>();
    expectTypeOf<
      Static<typeof schemas.ConsoleWebImportRequestSchema>
    >().toEqualTypeOf<ConsoleWebImportRequest>();
    expectTypeOf<
      Static<typeof schemas.ConsoleWebSourceRequestSchema>
    >().toEqualTypeOf<ConsoleWebSourceRequest>();
    expectTypeOf<Static<typeof schemas.ConsoleWebImportSchema>>().toEqualTypeOf<ConsoleWebImport>();
    expectTypeOf<Static<typeof schemas.HealthResponseSchema>>().toEqualTypeOf<HealthResponse>();
    expectTypeOf<Static<typeof schemas.ErrorEnvelopeSchema>>().toEqualTypeOf<ErrorEnvelope>();
  });

  const sessionId = "0b9d6c1e-8f43-4f5e-9a53-3f6a1c2d9e10";

  it("accepts well-formed values of each type at run time", () => {
    const query: QueryRequest = { text: "How do I install it?", experienceId: "demo", sessionId };
    const actions: ActionsBlock = {
      alignment: "left",
      actions: [
        {
          id: "agent",
          label: "Talk to an agent",
          icon: { type: "emoji", content: "🧑" },
          action: {
            type: "trigger_handover",
            payload: { reason: "user_requested", priority: "high" },
          },
          behavior: { oneTimeUse: true },
        },
        { id: "docs", label: "Docs", action: { type: "open_url", url: "https://example.com" } },
        { id: "anim", label: "Wow", action: { type: "send_event", eventName: "show_animation" } },
        { id: "more", label: "More", action: { type: "send_query", query: "Tell me more" } },
      ],
    };
    const events: AnalyticsEventsRequest = {
      experienceId: "demo",
      events: [
        { name: "open", timestamp: "2026-11-24T10:00:00.000Z", sessionId: null, payload: {} },
      ],
    };
    const envelope: ErrorEnvelope = { statusCode: 404, code: "SESSION_NOT_FOUND", message: "No." };
    expect(Value.Check(schemas.QueryRequestSchema, query)).toBe(true);
    expect(Value.Check(schemas.ActionsBlockSchema, actions)).toBe(true);
    expect(Value.Check(schemas.AnalyticsEventsRequestSchema, events)).toBe(true);
    expect(Value.Check(schemas.ErrorEnvelopeSchema, envelope)).toBe(true);
  });

  it("rejects values a client could get wrong", () => {
    expect(Value.Check(schemas.QueryRequestSchema, { text: "", experienceId: "demo" })).toBe(false);
    expect(Value.Check(schemas.QueryRequestSchema, { text: "hi" })).toBe(false);
    expect(
      Value.Check(schemas.QueryRequestSchema, { text: "hi", experienceId: "demo", sessionId: "x" }),
    ).toBe(false);
    expect(
      Value.Check(schemas.FeedbackRequestSchema, { queryId: "q", sessionId, rating: "meh" }),
    ).toBe(false);
    expect(
      Value.Check(schemas.AnalyticsEventsRequestSchema, {
        experienceId: "demo",
        events: [
          { name: "notAnEvent", timestamp: "2026-11-24T10:00:00Z", sessionId: null, payload: {} },
        ],
      }),
    ).toBe(false);
    expect(
      Value.Check(schemas.ErrorEnvelopeSchema, { statusCode: 404, code: "NOPE", message: "x" }),
    ).toBe(false);
  });
});
