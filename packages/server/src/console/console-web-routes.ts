import type {
  ConsoleWebImport,
  ConsoleWebImportRequest,
  ConsoleWebSourceRequest,
  WebSource,
  WebSourceList,
} from "@nexus-chat/protocol";
import {
  AssistantParamsSchema,
  ConsoleWebImportRequestSchema,
  ConsoleWebImportSchema,
  ConsoleWebSourceRequestSchema,
  ErrorEnvelopeSchema,
  IdSchema,
  UuidSchema,
  WebSourceListSchema,
  WebSourceSchema,
} from "@nexus-chat/protocol/schemas";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import { ExperienceAdmin } from "../admin/experience-admin.js";
import { ApiError } from "../http/api-error.js";
import { createWebSource, importWebPages } from "../ingest/web-requests.js";
import type { ConsoleRouteContext } from "./console-routes.js";

const errors = { "4xx": ErrorEnvelopeSchema };
const SourceParamsSchema = Type.Object({ id: IdSchema, sourceId: UuidSchema });

/**
 * A knowledge base fed from the web, in the console (admins only, like every change to a
 * knowledge base): a one-off import of pages, and the web sources crawled on a schedule. The
 * same work as `POST /data-ingestion/web` and `/data-ingestion/web-sources`, for the assistant in
 * the path.
 */
export async function consoleWebRoutes(
  app: FastifyInstance,
  context: ConsoleRouteContext,
): Promise<void> {
  const assistants = new ExperienceAdmin(context.store, "assistant", context.ingestion.links);

  /** The source, when it belongs to the assistant in the path. */
  const sourceOf = async (assistantId: string, sourceId: string): Promise<WebSource> => {
    const source = await context.store.webSources.get(sourceId);
    if (!source || source.experienceId !== assistantId) throw new ApiError("WEB_SOURCE_NOT_FOUND");
    return source;
  };

  app.post<{ Params: { id: string }; Body: ConsoleWebImportRequest }>(
    "/console/assistants/:id/web",
    {
      schema: {
        params: AssistantParamsSchema,
        body: ConsoleWebImportRequestSchema,
        response: { 202: ConsoleWebImportSchema, ...errors },
      },
    },
    async (request, reply): Promise<ConsoleWebImport> => {
      const assistant = await assistants.get(request.params.id);
      const result = await importWebPages(context, assistant.id, request.body);
      void reply.status(202);
      return result;
    },
  );

  app.get<{ Params: { id: string } }>(
    "/console/assistants/:id/web-sources",
    {
      schema: { params: AssistantParamsSchema, response: { 200: WebSourceListSchema, ...errors } },
    },
    async (request): Promise<WebSourceList> => {
      const assistant = await assistants.get(request.params.id);
      return { items: await context.store.webSources.list(assistant.id) };
    },
  );

  app.post<{ Params: { id: string }; Body: ConsoleWebSourceRequest }>(
    "/console/assistants/:id/web-sources",
    {
      schema: {
        params: AssistantParamsSchema,
        body: ConsoleWebSourceRequestSchema,
        response: { 201: WebSourceSchema, ...errors },
      },
    },
    async (request, reply): Promise<WebSource> => {
      const source = await createWebSource(context, request.params.id, request.body);
      void reply.status(201);
      return source;
    },
  );

  app.post<{ Params: { id: string; sourceId: string } }>(
    "/console/assistants/:id/web-sources/:sourceId/crawl",
    { schema: { params: SourceParamsSchema, response: { 202: WebSourceSchema, ...errors } } },
    async (request, reply): Promise<WebSource> => {
      const { id, sourceId } = request.params;
      await sourceOf(id, sourceId);
      await context.store.webSources.makeDue(sourceId);
      void context.webSources.runDue();
      void reply.status(202);
      return sourceOf(id, sourceId);
    },
  );

  app.delete<{ Params: { id: string; sourceId: string } }>(
    "/console/assistants/:id/web-sources/:sourceId",
    { schema: { params: SourceParamsSchema, response: errors } },
    async (request, reply) => {
      await sourceOf(request.params.id, request.params.sourceId);
      await context.store.webSources.delete(request.params.sourceId);
      return reply.status(204).send();
    },
  );
}
