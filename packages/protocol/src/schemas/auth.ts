import Type from "typebox";

export const ScopeSchema = Type.Union([
  Type.Literal("query:execute"),
  Type.Literal("sessions:read"),
  Type.Literal("data-ingestion:read"),
  Type.Literal("data-ingestion:write"),
  Type.Literal("agent:write"),
  Type.Literal("*"),
]);

export const AccessTokenRequestSchema = Type.Object(
  {
    clientId: Type.String({ minLength: 1, maxLength: 128 }),
    clientSecret: Type.String({ minLength: 1, maxLength: 256 }),
    scopes: Type.Optional(Type.Array(ScopeSchema, { maxItems: 6 })),
  },
  { additionalProperties: false },
);

export const RefreshTokenRequestSchema = Type.Object(
  { refreshToken: Type.String({ minLength: 1, maxLength: 4096 }) },
  { additionalProperties: false },
);

export const TokenResponseSchema = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  tokenType: Type.Literal("Bearer"),
  expiresIn: Type.Integer(),
  refreshExpiresIn: Type.Integer(),
  scopes: Type.Array(ScopeSchema),
});
