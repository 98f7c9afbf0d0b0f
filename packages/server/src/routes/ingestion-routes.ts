import type {
  CreateIngestionJobRequest,
  CreateWebIngestionRequest,
  IngestionJob,
  ReindexRequest,
} from "@nexus-chat/protocol";
import {
  CreateIngestionJobRequestSchema,
  CreateWebIngestionRequestSchema,
  ErrorEnvelopeSchema,
  IngestionJobSchema,
  ReindexRequestSchema,
  UuidSchema,
} from "@nexus-chat/protocol/schemas";
import type {} from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import Type from "typebox";
import type { AppContext } from "../app-context.js";
import { access } from "../auth/access-rule.js";
import { ApiError } from "../http/api-error.js";
import { maxIngestionBytes, readUploadedDocuments } from "../ingest/read-uploaded-documents.js";
import { submitReindex } from "../ingest/submit-reindex.js";
import { importWebPages } from "../ingest/web-requests.js";

export { maxIngestionBytes };

/** A multipart upload as the JSON body it stands for: an `experienceId` field and the files. */
async function readMultipart(request: FastifyRequest): Promise<CreateIngestionJobRequest> {
  const { fields, documents } = await readUploadedDocuments(request);
  const experienceId = fields.get("experienceId");
  if (!experienceId) throw new ApiError("VALIDATION_FAILED", "The experienceId field is required.");
  return { experienceId, documents };
}

/** `POST /data-ingestion/jobs` (JSON or multipart) and `GET /data-ingestion/jobs/:id`. */
export async function ingestionRoutes(app: FastifyInstance, context: AppContext): Promise<void> {
  const onRequest = context.rateLimit("ingestion");
  const errors = { "4xx": ErrorEnvelopeSchema };

  app.post<{ Body: CreateIngestionJobRequest }>(
    "/data-ingestion/jobs",
    {
      onRequest,
      config: access.scope("data-ingestion:write"),
      bodyLimit: maxIngestionBytes,
      // Multipart bodies are read in the handler; JSON bodies are checked against the schema.
      preValidation: async (request) => {
        if (request.isMultipart())
          (request as { body: unknown }).body = await readMultipart(request);
      },
      schema: {
        body: CreateIngestionJobRequestSchema,
        response: { 202: IngestionJobSchema, ...errors },
      },
    },
    async (request, reply): Promise<IngestionJob> => {
      await context.access.authorize(request, { experienceId: request.body.experienceId });
      const experience = await context.store.experiences.get(request.body.experienceId);
      if (!experience) throw new ApiError("EXPERIENCE_NOT_FOUND");
      const job = await context.ingestion.submit(experience.id, request.body.documents);
      void reply.status(202).header("location", `${request.url.replace(/\/$/, "")}/${job.jobId}`);
      return job;
    },
  );

  app.post<{ Body: CreateWebIngestionRequest }>(
    "/data-ingestion/web",
    {
      onRequest,
      config: access.scope("data-ingestion:write"),
      schema: {
        body: CreateWebIngestionRequestSchema,
        response: { 202: IngestionJobSchema, ...errors },
      },
    },
    async (request, reply): Promise<IngestionJob> => {
      const { experienceId, ...sources } = request.body;
      await context.access.authorize(request, { experienceId });
      const experience = await context.store.experiences.get(experienceId);
      if (!experience) throw new ApiError("EXPERIENCE_NOT_FOUND");
      const { job } = await importWebPages(context, experience.id, sources);
      void reply.status(202).header("location", `/api/v2/data-ingestion/jobs/${job.jobId}`);
      return job;
    },
  );

  app.post<{ Body: ReindexRequest }>(
    "/data-ingestion/reindex",
    {
      onRequest,
      config: access.scope("data-ingestion:write"),
      schema: { body: ReindexRequestSchema, response: { 202: IngestionJobSchema, ...errors } },
    },
    async (request, reply): Promise<IngestionJob> => {
      // The scope was checked before the body; now the experience it names.
      await context.access.authorize(request, { experienceId: request.body.experienceId });
      const job = await submitReindex(context, request.body.experienceId, request.body.documentId);
      void reply
        .status(202)
        .header("location", `${request.url.replace(/\/reindex$/, "")}/jobs/${job.jobId}`);
      return job;
    },
  );

  app.get<{ Params: { id: string } }>(
    "/data-ingestion/jobs/:id",
    {
      onRequest,
      config: access.scope("data-ingestion:read"),
      schema: {
        params: Type.Object({ id: UuidSchema }),
        response: { 200: IngestionJobSchema, ...errors },
      },
    },
    async (request): Promise<IngestionJob> => {
      const job = await context.store.jobs.get(request.params.id);
      if (!job) throw new ApiError("JOB_NOT_FOUND");
      await context.access.authorize(request, { experienceId: job.experienceId });
      return job;
    },
  );
}
