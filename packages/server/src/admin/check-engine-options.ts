import type { EngineKind } from "@nexus-chat/protocol";
import { EngineOptionsSchemas } from "@nexus-chat/protocol/schemas";
import Value from "typebox/value";
import { ApiError } from "../http/api-error.js";

/**
 * Checks an experience's engine options against its engine's schema when it is saved (by the
 * admin API, the console and `nexus-chat experiences create` alike), so a typo in an option's
 * name is refused with a 400 naming it instead of failing a visitor's question.
 */
export function checkEngineOptions(engine: EngineKind, options: Record<string, unknown>): void {
  const schema = EngineOptionsSchemas[engine];
  if (Value.Check(schema, options)) return;
  const all = Value.Errors(schema, options);
  // The "required" and "additionalProperties" errors say it best; "schema is false" (the same
  // unknown key seen from its own path) says least.
  const first =
    all.find((error) => error.keyword === "required") ??
    all.find((error) => error.keyword === "additionalProperties") ??
    all.find((error) => error.keyword !== "boolean") ??
    all[0];
  const where = first?.instancePath ? first.instancePath.replace(/^\//, "") : "";
  const missing = (first?.params as { requiredProperties?: string[] } | undefined)
    ?.requiredProperties;
  const unknown = (first?.params as { additionalProperties?: string[] } | undefined)
    ?.additionalProperties;
  const detail =
    missing && missing.length > 0
      ? `needs ${missing.join(", ")}`
      : unknown && unknown.length > 0
        ? `does not know ${unknown.join(", ")}`
        : `${where ? `${where}: ` : ""}${
            first?.keyword === "pattern"
              ? "must be an http:// or https:// address"
              : (first?.message ?? "is invalid")
          }`;
  throw new ApiError("VALIDATION_FAILED", `The ${engine} engine's options: ${detail}.`);
}
