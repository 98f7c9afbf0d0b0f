import type { FeedbackRequest, FeedbackResponse } from "@nexus-chat/protocol";
import {
  ErrorEnvelopeSchema,
  FeedbackRequestSchema,
  FeedbackResponseSchema,
} from "@nexus-chat/protocol/schemas";
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../app-context.js";
import { access } from "../auth/access-rule.js";
import { ApiError } from "../http/api-error.js";
import { loadSession } from "./sessions-access.js";

/** `POST /query/feedback`: a rating (and comment) of one answer; sending again replaces it. */
export async function feedbackRoutes(app: FastifyInstance, context: AppContext): Promise<void> {
  app.post<{ Body: FeedbackRequest }>(
    "/query/feedback",
    {
      onRequest: context.rateLimit("feedback"),
      config: access.experience("query:execute"),
      schema: {
        body: FeedbackRequestSchema,
        response: { 201: FeedbackResponseSchema, "4xx": ErrorEnvelopeSchema },
      },
    },
    async (request, reply): Promise<FeedbackResponse> => {
      const body = request.body;
      const session = await loadSession(context, request, body.sessionId);
      const turn = await context.store.turns.get(body.queryId);
      if (!turn || turn.sessionId !== session.sessionId) throw new ApiError("QUERY_NOT_FOUND");
      const feedbackId = await context.store.analytics.saveFeedback(body);
      void reply.status(201);
      return { feedbackId };
    },
  );
}
