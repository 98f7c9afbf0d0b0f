import type { Scope } from "@nexus-chat/protocol";
import { IdSchema, ScopeSchema } from "@nexus-chat/protocol/schemas";
import Type from "typebox";
import type { AppContext } from "../app-context.js";
import { ApiError } from "../http/api-error.js";

/** The body of `POST /admin/api-clients` and `POST /console/api-clients`. */
export const CreateApiClientRequestSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    scopes: Type.Array(ScopeSchema, { minItems: 1, maxItems: 6 }),
    experienceIds: Type.Optional(Type.Array(IdSchema, { maxItems: 100 })),
  },
  { additionalProperties: false },
);

/** What both answer: the credentials, the secret shown this once. */
export const ApiClientCredentialsSchema = Type.Object({
  clientId: Type.String(),
  clientSecret: Type.String(),
  scopes: Type.Array(ScopeSchema),
});

/**
 * Creates an API client for the admin API and the console alike, once every experience it is
 * restricted to exists. (Who may ask for which scopes is each caller's own check.)
 */
export async function createApiClient(
  context: AppContext,
  request: { name: string; scopes: Scope[]; experienceIds?: string[] | undefined },
  noun: "experience" | "assistant",
) {
  for (const id of request.experienceIds ?? []) {
    if (!(await context.store.experiences.get(id)))
      throw new ApiError("EXPERIENCE_NOT_FOUND", `No ${noun} "${id}".`);
  }
  return context.tokens.createClient(request.name, request.scopes, request.experienceIds ?? null);
}
