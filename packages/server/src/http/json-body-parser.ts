import type { FastifyInstance } from "fastify";
import { ApiError } from "./api-error.js";

/** Deepest JSON nesting a request body may have. @default 64 */
export const defaultMaxJsonDepth = 64;

/** What makes a JSON body unfit before it is parsed, if anything. */
export type JsonBodyProblem = "too deep" | "NUL character";

/**
 * Scans a JSON text once, without recursion, stopping at the first problem: arrays and objects
 * nested deeper than `limit` (parsing and validating a 4,000-level body overflowed the stack, a
 * 500, on six endpoints), or a string holding the NUL character (`\u0000`), which PostgreSQL
 * cannot store in text or `jsonb` (a 500 there, where SQLite kept it): refused on both databases
 * alike. Brackets inside strings do not count; a raw NUL byte is already invalid JSON.
 */
export function findJsonBodyProblem(text: string, limit: number): JsonBodyProblem | undefined {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 92 /* \ */) {
        if (text.startsWith("u0000", index + 1)) return "NUL character";
        index++;
      } else if (code === 34 /* " */) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 123 /* { */ || code === 91 /* [ */) {
      if (++depth > limit) return "too deep";
    } else if (code === 125 /* } */ || code === 93 /* ] */) depth--;
  }
  return undefined;
}

/** The catalogued `400` for a body's problem. */
export function jsonBodyProblemError(problem: JsonBodyProblem, limit: number): ApiError {
  return new ApiError(
    "VALIDATION_FAILED",
    problem === "too deep"
      ? `The JSON body is nested deeper than ${limit} levels.`
      : "The JSON body holds the NUL character (\\u0000), which no text may contain.",
  );
}

/**
 * Replaces Fastify's JSON parser with the same one (prototype-poisoning protection included)
 * behind {@link findJsonBodyProblem}, so a too-deep body or a NUL character is a catalogued `400`
 * before any hook or handler runs: `/query` creates no session and starts no engine for it.
 */
export function installJsonBodyParser(app: FastifyInstance, maxDepth = defaultMaxJsonDepth): void {
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const problem = findJsonBodyProblem(body as string, maxDepth);
    if (problem) {
      done(jsonBodyProblemError(problem, maxDepth), undefined);
      return;
    }
    parseJson(request, body as string, done);
  });
}
