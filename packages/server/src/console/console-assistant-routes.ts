import { randomUUID } from "node:crypto";
import type {
  ConsoleDocument,
  ConsolePassage,
  CreateExperienceRequest,
  EmbedSnippet,
  Experience,
  IngestionDocument,
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
  maxDocumentsPerJob,
  PageSchema,
  PagingQuerySchema,
  UpdateExperienceRequestSchema,
  UuidSchema,
} from "@nexus-chat/protocol/schemas";
import type {} from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import Type from "typebox";
import {
  mergeEngineOptions,
  redactSecrets,
  secretEngineOptionKeys,
} from "../admin/redact-secrets.js";
import { ApiError } from "../http/api-error.js";
import { formatOfFile } from "../ingest/read-document-files.js";
import { maxIngestionBytes } from "../routes/ingestion-routes.js";
import { checkEngineOptions } from "./check-engine-options.js";
import type { ConsoleRouteContext } from "./console-routes.js";

const errors = { "4xx": ErrorEnvelopeSchema };
const DocumentParamsSchema = Type.Object({ id: IdSchema, documentId: UuidSchema });
const DocumentsQuerySchema = Type.Object({
  ...PagingQuerySchema.properties,
  search: Type.Optional(Type.String({ maxLength: 200 })),
});
/** Largest uploaded file, as for the ingestion API. */
const maxFileBytes = 5 * 1024 * 1024;

/** `offset` and `limit` from a query string, with bounds. */
export function paging(query: { offset?: string; limit?: string }, defaultLimit = 25) {
  return {
    offset: Math.min(Number(query.offset ?? 0), 1_000_000),
    limit: Math.max(1, Math.min(Number(query.limit ?? defaultLimit), 200)),
  };
}

function idFromName(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${slug || "assistant"}-${randomUUID().slice(0, 8)}`;
}

/** A secret shown as "(set)" by the console and sent back unchanged keeps the stored value. */
function withoutSecretMarkers(options: Record<string, unknown>): Record<string, unknown> {
  const kept = { ...options };
  for (const key of secretEngineOptionKeys) if (kept[key] === "(set)") delete kept[key];
  return kept;
}

/** Reads the uploaded files of a console upload (markdown, HTML, text), each a document. */
async function readUploadedFiles(request: FastifyRequest): Promise<IngestionDocument[]> {
  if (!request.isMultipart())
    throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "Upload files as multipart/form-data.");
  const documents: IngestionDocument[] = [];
  for await (const part of request.parts({
    limits: { fileSize: maxFileBytes, files: maxDocumentsPerJob },
  })) {
    if (part.type === "field") continue;
    const format = formatOfFile(part.filename);
    const buffer = await part.toBuffer();
    if (!format)
      throw new ApiError(
        "UNSUPPORTED_MEDIA_TYPE",
        `"${part.filename}" is not markdown, HTML or text.`,
      );
    const content = buffer.toString("utf8");
    if (content.trim() === "") continue;
    documents.push({ content, format, externalId: part.filename });
  }
  if (documents.length === 0)
    throw new ApiError("VALIDATION_FAILED", "Upload at least one non-empty file.");
  return documents;
}

/** Assistants (experiences) and their knowledge bases. */
export async function consoleAssistantRoutes(
  app: FastifyInstance,
  context: ConsoleRouteContext,
): Promise<void> {
  const getAssistant = async (id: string): Promise<Experience> => {
    const experience = await context.store.experiences.get(id);
    if (!experience) throw new ApiError("EXPERIENCE_NOT_FOUND", `No assistant "${id}".`);
    return experience;
  };

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
      const id = request.body.id ?? idFromName(request.body.name);
      if (await context.store.experiences.get(id))
        throw new ApiError("CONFLICT", `An assistant "${id}" already exists.`);
      const engineOptions = request.body.engineOptions ?? {};
      checkEngineOptions(request.body.engine ?? "retrieval", engineOptions);
      const experience = await context.store.experiences.create({
        ...request.body,
        engineOptions,
        id,
      });
      void reply.status(201);
      return redactSecrets(experience);
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
    async (request): Promise<Experience> => {
      const stored = await getAssistant(request.params.id);
      const engine = request.body.engine ?? stored.engine;
      // A new engine starts from the options sent; the same engine merges them into the stored.
      const engineOptions =
        request.body.engineOptions === undefined
          ? stored.engineOptions
          : engine === stored.engine
            ? mergeEngineOptions(
                stored.engineOptions,
                withoutSecretMarkers(request.body.engineOptions),
              )
            : withoutSecretMarkers(request.body.engineOptions);
      checkEngineOptions(engine, engineOptions);
      const updated = await context.store.experiences.update(stored.id, {
        ...request.body,
        engineOptions,
      });
      if (!updated) throw new ApiError("EXPERIENCE_NOT_FOUND");
      return redactSecrets(updated);
    },
  );

  app.delete<{ Params: { id: string } }>(
    "/console/assistants/:id",
    { schema: { params: AssistantParamsSchema } },
    async (request, reply) => {
      if (!(await context.store.experiences.delete(request.params.id)))
        throw new ApiError("EXPERIENCE_NOT_FOUND");
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
      const documents = await readUploadedFiles(request);
      const job = await context.ingestion.submit(assistant.id, documents);
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
      if (
        !(await context.store.knowledge.deleteDocument(
          request.params.id,
          request.params.documentId,
        ))
      )
        throw new ApiError("NOT_FOUND", "No such document in this assistant's knowledge base.");
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
