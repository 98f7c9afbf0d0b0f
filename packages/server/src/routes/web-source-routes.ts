import type { CreateWebSourceRequest, WebSource, WebSourceList } from "@nexus-chat/protocol";
import {
  CreateWebSourceRequestSchema,
  ErrorEnvelopeSchema,
  IdSchema,
  UuidSchema,
  WebSourceListSchema,
  WebSourceSchema,
} from "@nexus-chat/protocol/schemas";
import type { FastifyInstance, FastifyRequest } from "fastify";
import Type from "typebox";
import type { AppContext } from "../app-context.js";
import { access } from "../auth/access-rule.js";
import { ApiError } from "../http/api-error.js";
import { createWebSource } from "../ingest/web-requests.js";

/**
 * Web sources crawled on a schedule: `POST /data-ingestion/web-sources` (crawled at once, then
 * every `intervalMinutes`), `GET` one or an experience's list, `DELETE` one (its documents
 * stay), and `POST …/:id/crawl` to crawl it now. Each route checks its scope, then the
 * experience the source belongs to.
 */
export async function webSourceRoutes(app: FastifyInstance, context: AppContext): Promise<void> {
  const onRequest = context.rateLimit("ingestion");
  const errors = { "4xx": ErrorEnvelopeSchema };
  const params = Type.Object({ id: UuidSchema });

  /** The source, once the request's credential may touch its experience. */
  const authorizedSource = async (request: FastifyRequest, sourceId: string) => {
    const source = await context.store.webSources.get(sourceId);
    if (!source) throw new ApiError("WEB_SOURCE_NOT_FOUND");
    await context.access.authorize(request, { experienceId: source.experienceId });
    return source;
  };

  app.post<{ Body: CreateWebSourceRequest }>(
    "/data-ingestion/web-sources",
    {
      onRequest,
      config: access.scope("data-ingestion:write"),
      schema: {
        body: CreateWebSourceRequestSchema,
        response: { 201: WebSourceSchema, ...errors },
      },
    },
    async (request, reply): Promise<WebSource> => {
      const { experienceId, ...definition } = request.body;
      await context.access.authorize(request, { experienceId });
      const source = await createWebSource(context, experienceId, definition);
      void reply
        .status(201)
        .header("location", `/api/v2/data-ingestion/web-sources/${source.sourceId}`);
      return source;
    },
  );

  app.get<{ Querystring: { experienceId: string } }>(
    "/data-ingestion/web-sources",
    {
      onRequest,
      config: access.scope("data-ingestion:read"),
      schema: {
        querystring: Type.Object({ experienceId: IdSchema }, { additionalProperties: false }),
        response: { 200: WebSourceListSchema, ...errors },
      },
    },
    async (request): Promise<WebSourceList> => {
      await context.access.authorize(request, { experienceId: request.query.experienceId });
      return { items: await context.store.webSources.list(request.query.experienceId) };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/data-ingestion/web-sources/:id",
    {
      onRequest,
      config: access.scope("data-ingestion:read"),
      schema: { params, response: { 200: WebSourceSchema, ...errors } },
    },
    async (request): Promise<WebSource> => authorizedSource(request, request.params.id),
  );

  app.delete<{ Params: { id: string } }>(
    "/data-ingestion/web-sources/:id",
    {
      onRequest,
      config: access.scope("data-ingestion:write"),
      schema: { params, response: errors },
    },
    async (request, reply) => {
      await authorizedSource(request, request.params.id);
      await context.store.webSources.delete(request.params.id);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: string } }>(
    "/data-ingestion/web-sources/:id/crawl",
    {
      onRequest,
      config: access.scope("data-ingestion:write"),
      schema: { params, response: { 202: WebSourceSchema, ...errors } },
    },
    async (request, reply): Promise<WebSource> => {
      await authorizedSource(request, request.params.id);
      await context.store.webSources.makeDue(request.params.id);
      void context.webSources.runDue();
      void reply.status(202);
      return (await context.store.webSources.get(request.params.id))!;
    },
  );
}
