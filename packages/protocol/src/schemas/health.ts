import Type from "typebox";

export const HealthResponseSchema = Type.Object({
  status: Type.Union([Type.Literal("ok"), Type.Literal("degraded")]),
  version: Type.String(),
  database: Type.Union([Type.Literal("ok"), Type.Literal("unreachable")]),
  databaseDialect: Type.Optional(Type.Union([Type.Literal("sqlite"), Type.Literal("postgres")])),
  redis: Type.Optional(
    Type.Union([Type.Literal("ok"), Type.Literal("degraded"), Type.Literal("disabled")]),
  ),
  uptime: Type.Number(),
  storage: Type.Optional(Type.Union([Type.Literal("ok"), Type.Literal("failing")])),
});
