import type {
  ConsoleDocument,
  ConsolePassage,
  CreateExperienceRequest,
  EmbedSnippet,
  Experience,
  IngestionJob,
  Page,
  UpdateExperienceRequest,
} from "@nexus-chat/protocol";
import {
  AssistantParamsSchema,
  ConsoleDocumentSchema,
  ConsolePassageSchema,
  CreateExperienceRequestSchema,
  EmbedSnippetSchema,
  ErrorEnvelopeSchema,
  ExperienceSchema,
  IdSchema,
  IngestionJobSchema,
  PageSchema,
  PagingQuerySchema,
  UpdateExperienceRequestSchema,
  UuidSchema,
} from "@nexus-chat/protocol/schemas";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import { ExperienceAdmin } from "../admin/experience-admin.js";
import { redactSecrets } from "../admin/redact-secrets.js";
import { ApiError } from "../http/api-error.js";
import { maxIngestionBytes, readUploadedDocuments } from "../ingest/read-uploaded-documents.js";
import { submitReindex } from "../ingest/submit-reindex.js";
import type { ConsoleRouteContext } from "./console-routes.js";

const errors = { "4xx": ErrorEnvelopeSchema };
const DocumentParamsSchema = Type.Object({ id: IdSchema, documentId: UuidSchema });
const DocumentsQuerySchema = Type.Object({
  ...PagingQuerySchema.properties,
  search: Type.Optional(Type.String({ maxLength: 200 })),
});
/** `offset` and `limit` from a query string, with bounds. */
export function paging(query: { offset?: string; limit?: string }, defaultLimit = 25) {
  return {
    offset: Math.min(Number(query.offset ?? 0), 1_000_000),
    limit: Math.max(1, Math.min(Number(query.limit ?? defaultLimit), 200)),
  };
}

/** Assistants (experiences) and their knowledge bases. */
export async function consoleAssistantRoutes(
  app: FastifyInstance,
  context: ConsoleRouteContext,
): Promise<void> {
  const assistants = new ExperienceAdmin(context.store, "assistant", true, context.ingestion.links);
  const getAssistant = (id: string) => assistants.get(id);

  app.get(
    "/console/assistants",
    {
      config: { consoleAccess: "agent" },
      schema: { response: { 200: Type.Array(ExperienceSchema), ...errors } },
    },
    async (): Promise<Experience[]> => (await context.store.experiences.list()).map(redactSecrets),
  );

  app.post<{ Body: CreateExperienceRequest }>(
    "/console/assistants",
    {
      schema: {
        body: CreateExperienceRequestSchema,
        response: { 201: ExperienceSchema, ...errors },
      },
    },
    async (request, reply): Promise<Experience> => {
      const experience = await assistants.create(request.body);
      void reply.status(201);
      return experience;
    },
  );

  app.get<{ Params: { id: string } }>(
    "/console/assistants/:id",
    {
      config: { consoleAccess: "agent" },
      schema: { params: AssistantParamsSchema, response: { 200: ExperienceSchema, ...errors } },
    },
    async (request): Promise<Experience> => redactSecrets(await getAssistant(request.params.id)),
  );

  app.patch<{ Params: { id: string }; Body: UpdateExperienceRequest }>(
    "/console/assistants/:id",
    {
      schema: {
        params: AssistantParamsSchema,
        body: UpdateExperienceRequestSchema,
        response: { 200: ExperienceSchema, ...errors },
      },
    },
    async (request): Promise<Experience> => assistants.update(request.params.id, request.body),
  );

  app.delete<{ Params: { id: string } }>(
    "/console/assistants/:id",
    { schema: { params: AssistantParamsSchema } },
    async (request, reply) => {
      await assistants.delete(request.params.id);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { id: string } }>(
    "/console/assistants/:id/embed",
    {
      config: { consoleAccess: "agent" },
      schema: { params: AssistantParamsSchema, response: { 200: EmbedSnippetSchema, ...errors } },
    },
    async (request): Promise<EmbedSnippet> => {
      const assistant = await getAssistant(request.params.id);
      const base = `${request.protocol}://${request.host}`;
      const options = `{\n    experienceId: ${JSON.stringify(assistant.id)},\n    apiUrl: ${JSON.stringify(`${base}/api/v2`)},\n  }`;
      return {
        html:
          `<script src="${base}/widget/nexus-chat-widget.js"></script>\n` +
          `<script>\n` +
          `  window.NexusChatWidget.init(${options});\n` +
          `</script>`,
        module:
          `import { init } from "@nexus-chat/widget";\n\n` +
          `init(${options.replace(/\n {2}/g, "\n")});`,
      };
    },
  );

  app.get<{
    Params: { id: string };
    Querystring: { offset?: string; limit?: string; search?: string };
  }>(
    "/console/assistants/:id/documents",
    {
      schema: {
        params: AssistantParamsSchema,
        querystring: DocumentsQuerySchema,
        response: { 200: PageSchema(ConsoleDocumentSchema), ...errors },
      },
    },
    async (request): Promise<Page<ConsoleDocument>> => {
      await getAssistant(request.params.id);
      const { offset, limit } = paging(request.query);
      return context.store.console.listDocuments(
        request.params.id,
        request.query.search,
        offset,
        limit,
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    "/console/assistants/:id/documents",
    {
      bodyLimit: maxIngestionBytes,
      schema: { params: AssistantParamsSchema, response: { 202: IngestionJobSchema, ...errors } },
    },
    async (request, reply): Promise<IngestionJob> => {
      const assistant = await getAssistant(request.params.id);
      const { documents } = await readUploadedDocuments(request);
      const job = await context.ingestion.submit(assistant.id, documents);
      void reply.status(202);
      return job;
    },
  );

  // Re-index: the search index of the whole knowledge base, or of one document, built again
  // from the stored passages (admins, like every change to a knowledge base).
  app.post<{ Params: { id: string } }>(
    "/console/assistants/:id/reindex",
    { schema: { params: AssistantParamsSchema, response: { 202: IngestionJobSchema, ...errors } } },
    async (request, reply): Promise<IngestionJob> => {
      const job = await submitReindex(context, request.params.id);
      void reply.status(202);
      return job;
    },
  );

  app.post<{ Params: { id: string; documentId: string } }>(
    "/console/assistants/:id/documents/:documentId/reindex",
    { schema: { params: DocumentParamsSchema, response: { 202: IngestionJobSchema, ...errors } } },
    async (request, reply): Promise<IngestionJob> => {
      const job = await submitReindex(context, request.params.id, request.params.documentId);
      void reply.status(202);
      return job;
    },
  );

  app.get<{ Params: { id: string } }>(
    "/console/jobs/:id",
    {
      schema: {
        params: Type.Object({ id: UuidSchema }),
        response: { 200: IngestionJobSchema, ...errors },
      },
    },
    async (request): Promise<IngestionJob> => {
      const job = await context.store.jobs.get(request.params.id);
      if (!job) throw new ApiError("JOB_NOT_FOUND");
      return job;
    },
  );

  app.delete<{ Params: { id: string; documentId: string } }>(
    "/console/assistants/:id/documents/:documentId",
    { schema: { params: DocumentParamsSchema } },
    async (request, reply) => {
      await assistants.deleteDocument(request.params.id, request.params.documentId);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { id: string; documentId: string } }>(
    "/console/assistants/:id/documents/:documentId/passages",
    {
      schema: {
        params: DocumentParamsSchema,
        response: { 200: Type.Array(ConsolePassageSchema), ...errors },
      },
    },
    async (request): Promise<ConsolePassage[]> => {
      const passages = await context.store.console.passages(
        request.params.id,
        request.params.documentId,
      );
      if (!passages)
        throw new ApiError("NOT_FOUND", "No such document in this assistant's knowledge base.");
      return passages;
    },
  );
}
