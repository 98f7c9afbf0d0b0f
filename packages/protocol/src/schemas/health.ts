import Type from "typebox";

export const HealthResponseSchema = Type.Object({
  status: Type.Union([Type.Literal("ok"), Type.Literal("degraded")]),
  version: Type.String(),
  database: Type.Union([Type.Literal("ok"), Type.Literal("unreachable")]),
  uptime: Type.Number(),
});
