import type { FastifyInstance } from "fastify";
import { ApiError } from "./api-error.js";

/** Deepest JSON nesting a request body may have. @default 64 */
export const defaultMaxJsonDepth = 64;

/**
 * How deeply `text` nests arrays and objects, scanning once and stopping as soon as it passes
 * `limit` (strings are skipped, so brackets inside them do not count). Linear in the text and
 * without recursion, unlike parsing and validating a 4,000-level body, which overflowed the stack
 * (500) on six endpoints.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 92 /* \ */) index++;
      else if (code === 34 /* " */) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 123 /* { */ || code === 91 /* [ */) {
      if (++depth > limit) return true;
    } else if (code === 125 /* } */ || code === 93 /* ] */) depth--;
  }
  return false;
}

/**
 * Replaces Fastify's JSON parser with the same one (prototype-poisoning protection included)
 * behind a depth check, so a too-deep body is a catalogued `400` before any hook or handler runs:
 * `/query` creates no session and starts no engine for it.
 */
export function installJsonBodyParser(app: FastifyInstance, maxDepth = defaultMaxJsonDepth): void {
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    if (jsonDepthExceeds(body as string, maxDepth)) {
      done(
        new ApiError(
          "VALIDATION_FAILED",
          `The JSON body is nested deeper than ${maxDepth} levels.`,
        ),
        undefined,
      );
      return;
    }
    parseJson(request, body as string, done);
  });
}
