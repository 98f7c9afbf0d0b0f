import type {
  ApiClientSummary,
  ConsoleSession,
  ConsoleSignInRequest,
  CreateOperatorRequest,
  Operator,
  Scope,
  UpdateOperatorRequest,
} from "@nexus-chat/protocol";
import {
  ApiClientSummarySchema,
  ConsoleSessionSchema,
  ConsoleSignInRequestSchema,
  CreateOperatorRequestSchema,
  ErrorEnvelopeSchema,
  IdSchema,
  OperatorSchema,
  UpdateOperatorRequestSchema,
  UuidSchema,
} from "@nexus-chat/protocol/schemas";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import {
  ApiClientCredentialsSchema,
  createApiClient,
  CreateApiClientRequestSchema,
} from "../admin/create-api-client.js";
import { ApiError } from "../http/api-error.js";
import { callerOf, type ConsoleRouteContext } from "./console-routes.js";

const errors = { "4xx": ErrorEnvelopeSchema };
const OperatorParamsSchema = Type.Object({ id: UuidSchema });
/** Sign-in, sign-out, the current session, operators and API clients. */
export async function consoleAccountRoutes(
  app: FastifyInstance,
  context: ConsoleRouteContext,
): Promise<void> {
  /** An operator may be limited only to experiences that exist. */
  async function assertExperiencesExist(ids: readonly string[] | null | undefined): Promise<void> {
    for (const id of ids ?? []) {
      if (!(await context.store.experiences.get(id)))
        throw new ApiError("EXPERIENCE_NOT_FOUND", `No assistant "${id}".`);
    }
  }

  app.post<{ Body: ConsoleSignInRequest }>(
    "/console/sign-in",
    {
      config: { consoleAccess: "public" },
      schema: {
        body: ConsoleSignInRequestSchema,
        response: { 200: ConsoleSessionSchema, ...errors },
      },
    },
    async (request, reply): Promise<ConsoleSession> =>
      context.console.signIn(request, reply, request.body.email, request.body.password),
  );

  app.post("/console/sign-out", { config: { consoleAccess: "agent" } }, async (request, reply) => {
    await context.console.signOut(callerOf(request), request, reply);
    return reply.status(204).send();
  });

  app.get(
    "/console/session",
    {
      config: { consoleAccess: "agent" },
      schema: { response: { 200: ConsoleSessionSchema, ...errors } },
    },
    async (request): Promise<ConsoleSession> => {
      const caller = callerOf(request);
      return {
        operator: caller.operator,
        csrfToken: caller.csrfToken,
        expiresAt: caller.expiresAt,
      };
    },
  );

  app.get(
    "/console/operators",
    { schema: { response: { 200: Type.Array(OperatorSchema), ...errors } } },
    async (): Promise<Operator[]> => context.store.operators.list(),
  );

  app.post<{ Body: CreateOperatorRequest }>(
    "/console/operators",
    { schema: { body: CreateOperatorRequestSchema, response: { 201: OperatorSchema, ...errors } } },
    async (request, reply): Promise<Operator> => {
      await assertExperiencesExist(request.body.experienceIds);
      const operator = await context.console.createOperator(request.body);
      void reply.status(201);
      return operator;
    },
  );

  app.patch<{ Params: { id: string }; Body: UpdateOperatorRequest }>(
    "/console/operators/:id",
    {
      schema: {
        params: OperatorParamsSchema,
        body: UpdateOperatorRequestSchema,
        response: { 200: OperatorSchema, ...errors },
      },
    },
    async (request): Promise<Operator> => {
      const stored = await context.store.operators.get(request.params.id);
      if (!stored) throw new ApiError("NOT_FOUND", "No such operator.");
      const { password, ...changes } = request.body;
      await assertExperiencesExist(changes.experienceIds);
      const losesAdmin =
        stored.role === "admin" &&
        !stored.disabled &&
        (changes.disabled === true || (changes.role !== undefined && changes.role !== "admin"));
      if (losesAdmin && (await context.store.operators.countActiveAdmins(stored.operatorId)) === 0)
        throw new ApiError("CONFLICT", "The console needs at least one enabled admin.");
      const updated = await context.store.operators.update(stored.operatorId, {
        ...changes,
        passwordHash:
          password === undefined ? undefined : await context.console.hashPassword(password),
      });
      if (!updated) throw new ApiError("NOT_FOUND", "No such operator.");
      // Their visitors should not wait on someone who can no longer answer.
      if (changes.disabled === true) await context.conversations.releaseOperator(updated);
      request.log.info(
        {
          operatorId: updated.operatorId,
          by: callerOf(request).operator.operatorId,
          changed: Object.keys(request.body),
        },
        "operator changed",
      );
      return updated;
    },
  );

  app.get(
    "/console/api-clients",
    { schema: { response: { 200: Type.Array(ApiClientSummarySchema), ...errors } } },
    async (): Promise<ApiClientSummary[]> => context.store.clients.listClients(),
  );

  app.post<{ Body: { name: string; scopes: Scope[]; experienceIds?: string[] } }>(
    "/console/api-clients",
    {
      schema: {
        body: CreateApiClientRequestSchema,
        response: { 201: ApiClientCredentialsSchema, ...errors },
      },
    },
    async (request, reply) => {
      const credentials = await createApiClient(context, request.body, "assistant");
      void reply.status(201);
      return credentials;
    },
  );

  app.delete<{ Params: { id: string } }>(
    "/console/api-clients/:id",
    { schema: { params: Type.Object({ id: IdSchema }) } },
    async (request, reply) => {
      if (!(await context.store.clients.revokeClient(request.params.id)))
        throw new ApiError("NOT_FOUND", "No such API client, or it is already revoked.");
      return reply.status(204).send();
    },
  );
}
