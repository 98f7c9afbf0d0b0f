import type {
  AnalyticsAcceptedResponse,
  AnalyticsEventsRequest,
  LinkClickRequest,
} from "@nexus-chat/protocol";
import {
  AnalyticsAcceptedResponseSchema,
  AnalyticsEventsRequestSchema,
  ErrorEnvelopeSchema,
  LinkClickRequestSchema,
} from "@nexus-chat/protocol/schemas";
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../app-context.js";
import { access } from "../auth/access-rule.js";
import { ApiError } from "../http/api-error.js";
import { defaultMaxJsonDepth, jsonDepthExceeds } from "../http/json-body-parser.js";

/** `POST /analytics/link-clicks` and `POST /analytics/events` (batched widget events). */
export async function analyticsRoutes(app: FastifyInstance, context: AppContext): Promise<void> {
  // navigator.sendBeacon posts text/plain (no CORS preflight): read it as JSON, here only.
  app.addContentTypeParser("text/plain", { parseAs: "string" }, (_request, text, done) => {
    if (jsonDepthExceeds(text as string, defaultMaxJsonDepth)) {
      done(new ApiError("VALIDATION_FAILED", "The JSON body is nested too deeply."), undefined);
      return;
    }
    try {
      done(null, JSON.parse(text as string));
    } catch {
      done(new ApiError("MALFORMED_JSON"), undefined);
    }
  });

  const accepted = { 202: AnalyticsAcceptedResponseSchema, "4xx": ErrorEnvelopeSchema };

  app.post<{ Body: LinkClickRequest }>(
    "/analytics/link-clicks",
    {
      onRequest: context.rateLimit("feedback"),
      config: access.experience("query:execute"),
      schema: { body: LinkClickRequestSchema, response: accepted },
    },
    async (request, reply): Promise<AnalyticsAcceptedResponse> => {
      const experience = await context.store.experiences.get(request.body.experienceId);
      if (!experience) throw new ApiError("EXPERIENCE_NOT_FOUND");
      await context.access.authorize(request, { experience });
      await context.store.analytics.saveLinkClick(request.body);
      void reply.status(202);
      return { accepted: 1 };
    },
  );

  app.post<{ Body: AnalyticsEventsRequest }>(
    "/analytics/events",
    {
      onRequest: context.rateLimit("feedback"),
      config: access.experience("query:execute"),
      bodyLimit: 256 * 1024,
      schema: { body: AnalyticsEventsRequestSchema, response: accepted },
    },
    async (request, reply): Promise<AnalyticsAcceptedResponse> => {
      const experience = await context.store.experiences.get(request.body.experienceId);
      if (!experience) throw new ApiError("EXPERIENCE_NOT_FOUND");
      await context.access.authorize(request, { experience });
      const count = await context.store.analytics.saveWidgetEvents(
        experience.id,
        request.body.events,
      );
      void reply.status(202);
      return { accepted: count };
    },
  );
}
