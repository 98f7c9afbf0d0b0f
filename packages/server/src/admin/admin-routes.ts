import { randomUUID } from "node:crypto";
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
  ScopeSchema,
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
import { mergeEngineOptions, redactSecrets } from "./redact-secrets.js";

const ExperienceParamsSchema = Type.Object({ id: IdSchema });
const CreateApiClientRequestSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    scopes: Type.Array(ScopeSchema, { minItems: 1, maxItems: 5 }),
    experienceIds: Type.Optional(Type.Array(IdSchema, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
const ApiClientCredentialsSchema = Type.Object({
  clientId: Type.String(),
  clientSecret: Type.String(),
  scopes: Type.Array(ScopeSchema),
});

/** Generates an experience id from its name when none is given. */
function idFromName(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${slug || "experience"}-${randomUUID().slice(0, 8)}`;
}

/** Admin routes: experiences, API clients, transcripts and analytics (admin token or `*`). */
export async function adminRoutes(app: FastifyInstance, context: AppContext): Promise<void> {
  // Admin routes count against the `other` limit group, like every route that names none.
  const errors = { "4xx": ErrorEnvelopeSchema };

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
      const id = request.body.id ?? idFromName(request.body.name);
      if (await context.store.experiences.get(id))
        throw new ApiError("CONFLICT", `Experience "${id}" already exists.`);
      const experience = await context.store.experiences.create({ ...request.body, id });
      void reply.status(201);
      return redactSecrets(experience);
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
    async (request): Promise<Experience> => {
      const experience = await context.store.experiences.get(request.params.id);
      if (!experience) throw new ApiError("EXPERIENCE_NOT_FOUND");
      return redactSecrets(experience);
    },
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
    async (request): Promise<Experience> => {
      const stored = await context.store.experiences.get(request.params.id);
      if (!stored) throw new ApiError("EXPERIENCE_NOT_FOUND");
      const changes = request.body.engineOptions
        ? {
            ...request.body,
            engineOptions: mergeEngineOptions(stored.engineOptions, request.body.engineOptions),
          }
        : request.body;
      const experience = await context.store.experiences.update(request.params.id, changes);
      if (!experience) throw new ApiError("EXPERIENCE_NOT_FOUND");
      return redactSecrets(experience);
    },
  );

  app.delete<{ Params: { id: string } }>(
    "/admin/experiences/:id",
    { config: access.admin, schema: { params: ExperienceParamsSchema } },
    async (request, reply) => {
      if (!(await context.store.experiences.delete(request.params.id)))
        throw new ApiError("EXPERIENCE_NOT_FOUND");
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { id: string } }>(
    "/admin/experiences/:id/documents",
    { config: access.admin, schema: { params: ExperienceParamsSchema } },
    async (request) => {
      if (!(await context.store.experiences.get(request.params.id)))
        throw new ApiError("EXPERIENCE_NOT_FOUND");
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
      if (
        !(await context.store.knowledge.deleteDocument(
          request.params.id,
          request.params.documentId,
        ))
      ) {
        throw new ApiError("NOT_FOUND", "No such document in this experience.");
      }
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
      for (const id of request.body.experienceIds ?? []) {
        if (!(await context.store.experiences.get(id)))
          throw new ApiError("EXPERIENCE_NOT_FOUND", `No experience "${id}".`);
      }
      const credentials = await context.tokens.createClient(
        request.body.name,
        request.body.scopes,
        request.body.experienceIds ?? null,
      );
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
      if (!(await context.store.experiences.get(request.query.experienceId)))
        throw new ApiError("EXPERIENCE_NOT_FOUND");
      return context.store.analytics.summary(request.query.experienceId);
    },
  );
}
