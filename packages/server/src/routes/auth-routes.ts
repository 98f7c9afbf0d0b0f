import type { AccessTokenRequest, RefreshTokenRequest, TokenResponse } from "@nexus-chat/protocol";
import {
  AccessTokenRequestSchema,
  ErrorEnvelopeSchema,
  RefreshTokenRequestSchema,
  TokenResponseSchema,
} from "@nexus-chat/protocol/schemas";
import type { FastifyInstance } from "fastify";
import { access } from "../auth/access-rule.js";
import type { AppContext } from "../app-context.js";

/** `POST /auth/access-tokens` (client credentials) and `POST /auth/refresh`. */
export async function authRoutes(app: FastifyInstance, context: AppContext): Promise<void> {
  const onRequest = context.rateLimit("auth");
  const response = { 200: TokenResponseSchema, "4xx": ErrorEnvelopeSchema };

  app.post<{ Body: AccessTokenRequest }>(
    "/auth/access-tokens",
    { onRequest, config: access.public, schema: { body: AccessTokenRequestSchema, response } },
    async (request): Promise<TokenResponse> =>
      context.tokens.issue(request.body.clientId, request.body.clientSecret, request.body.scopes),
  );

  app.post<{ Body: RefreshTokenRequest }>(
    "/auth/refresh",
    { onRequest, config: access.public, schema: { body: RefreshTokenRequestSchema, response } },
    async (request): Promise<TokenResponse> => context.tokens.refresh(request.body.refreshToken),
  );
}
