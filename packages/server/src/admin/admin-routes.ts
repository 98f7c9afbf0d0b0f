import type {
  CreateExperienceRequest,
  Experience,
  Scope,
  SessionWithTurns,
  UpdateExperienceRequest,
} from "@nexus-chat/protocol";
import {
  CreateExperienceRequestSchema,
  ErrorEnvelopeSchema,
  ExperienceSchema,
  IdSchema,
  SessionWithTurnsSchema,
  UpdateExperienceRequestSchema,
  UuidSchema,
} from "@nexus-chat/protocol/schemas";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import type { AppContext } from "../app-context.js";
import { access } from "../auth/access-rule.js";
import { assertNotBroader } from "../auth/decide-access.js";
import { ApiError } from "../http/api-error.js";
import type { AnalyticsSummary } from "../store/analytics-store.js";
import {
  ApiClientCredentialsSchema,
  createApiClient,
  CreateApiClientRequestSchema,
} from "./create-api-client.js";
import { ExperienceAdmin } from "./experience-admin.js";
import { registerWebhookSecretRoutes } from "../routes/webhook-secret-routes.js";
import { redactSecrets } from "./redact-secrets.js";

const ExperienceParamsSchema = Type.Object({ id: IdSchema });

/** Admin routes: experiences, API clients, transcripts and analytics (admin token or `*`). */
export async function adminRoutes(app: FastifyInstance, context: AppContext): Promise<void> {
  // Admin routes count against the `other` limit group, like every route that names none.
  const errors = { "4xx": ErrorEnvelopeSchema };
  const experiences = new ExperienceAdmin(
    context.store,
    "experience",
    false,
    context.ingestion.links,
  );

  app.post<{ Body: CreateExperienceRequest }>(
    "/admin/experiences",
    {
      config: access.admin,
      schema: {
        body: CreateExperienceRequestSchema,
        response: { 201: ExperienceSchema, ...errors },
      },
    },
    async (request, reply): Promise<Experience> => {
      const experience = await experiences.create(request.body);
      void reply.status(201);
      return experience;
    },
  );

  app.get(
    "/admin/experiences",
    {
      config: access.admin,
      schema: { response: { 200: Type.Array(ExperienceSchema), ...errors } },
    },
    async (): Promise<Experience[]> => (await context.store.experiences.list()).map(redactSecrets),
  );

  app.get<{ Params: { id: string } }>(
    "/admin/experiences/:id",
    {
      config: access.admin,
      schema: { params: ExperienceParamsSchema, response: { 200: ExperienceSchema, ...errors } },
    },
    async (request): Promise<Experience> => redactSecrets(await experiences.get(request.params.id)),
  );

  app.patch<{ Params: { id: string }; Body: UpdateExperienceRequest }>(
    "/admin/experiences/:id",
    {
      config: access.admin,
      schema: {
        params: ExperienceParamsSchema,
        body: UpdateExperienceRequestSchema,
        response: { 200: ExperienceSchema, ...errors },
      },
    },
    async (request): Promise<Experience> => experiences.update(request.params.id, request.body),
  );

  app.delete<{ Params: { id: string } }>(
    "/admin/experiences/:id",
    { config: access.admin, schema: { params: ExperienceParamsSchema } },
    async (request, reply) => {
      await experiences.delete(request.params.id);
      return reply.status(204).send();
    },
  );

  registerWebhookSecretRoutes(app, context, "/admin/experiences");

  app.get<{ Params: { id: string } }>(
    "/admin/experiences/:id/documents",
    { config: access.admin, schema: { params: ExperienceParamsSchema } },
    async (request) => {
      await experiences.get(request.params.id);
      return context.store.knowledge.listDocuments(request.params.id);
    },
  );

  app.delete<{ Params: { id: string; documentId: string } }>(
    "/admin/experiences/:id/documents/:documentId",
    {
      config: access.admin,
      schema: { params: Type.Object({ id: IdSchema, documentId: UuidSchema }) },
    },
    async (request, reply) => {
      await experiences.deleteDocument(request.params.id, request.params.documentId);
      return reply.status(204).send();
    },
  );

  app.post<{ Body: { name: string; scopes: Scope[]; experienceIds?: string[] } }>(
    "/admin/api-clients",
    {
      config: access.admin,
      schema: {
        body: CreateApiClientRequestSchema,
        response: { 201: ApiClientCredentialsSchema, ...errors },
      },
    },
    async (request, reply) => {
      const caller = await context.access.authorize(request);
      assertNotBroader(caller, {
        scopes: request.body.scopes,
        experienceIds: request.body.experienceIds ?? null,
      });
      const credentials = await createApiClient(context, request.body, "experience");
      void reply.status(201);
      return credentials;
    },
  );

  app.get<{ Params: { id: string } }>(
    "/admin/sessions/:id",
    {
      config: access.admin,
      schema: {
        params: Type.Object({ id: UuidSchema }),
        response: { 200: SessionWithTurnsSchema, ...errors },
      },
    },
    async (request): Promise<SessionWithTurns> => {
      const session = await context.store.sessions.get(request.params.id);
      if (!session) throw new ApiError("SESSION_NOT_FOUND");
      return { ...session, turns: await context.store.turns.listForSession(session.sessionId) };
    },
  );

  app.get<{ Querystring: { experienceId: string } }>(
    "/admin/analytics/summary",
    { config: access.admin, schema: { querystring: Type.Object({ experienceId: IdSchema }) } },
    async (request): Promise<AnalyticsSummary> => {
      await experiences.get(request.query.experienceId);
      return context.store.analytics.summary(request.query.experienceId);
    },
  );
}
