import type { FastifyError, FastifyInstance } from "fastify";
import { isDatabaseUnavailable } from "../store/database-errors.js";
import { ApiError } from "./api-error.js";

function toApiError(error: FastifyError): ApiError {
  if (error instanceof ApiError) return error;
  if (isDatabaseUnavailable(error)) return new ApiError("UNAVAILABLE");
  if (error.validation) {
    const [first] = error.validation;
    const where = `${error.validationContext ?? "request"}${first?.instancePath ?? ""}`;
    const extra = (first?.params as { additionalProperty?: string } | undefined)
      ?.additionalProperty;
    const detail = first?.message ?? "is invalid";
    return new ApiError(
      "VALIDATION_FAILED",
      extra ? `${where} has an unknown property "${extra}".` : `${where} ${detail}.`,
    );
  }
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new ApiError("MALFORMED_JSON");
    case "FST_ERR_CTP_BODY_TOO_LARGE":
    case "FST_REQ_FILE_TOO_LARGE":
    case "FST_FILES_LIMIT":
    case "FST_PARTS_LIMIT":
      return new ApiError("PAYLOAD_TOO_LARGE");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_INVALID_MULTIPART_CONTENT_TYPE":
      return new ApiError("UNSUPPORTED_MEDIA_TYPE");
  }
  if (error instanceof SyntaxError) return new ApiError("MALFORMED_JSON");
  if (typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500) {
    return new ApiError("VALIDATION_FAILED", error.message);
  }
  return new ApiError("INTERNAL");
}

/** Every error leaves as `{ statusCode, code, message }` from the catalogue, never a stack. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.code === "INTERNAL") request.log.error({ err: error }, "unhandled error");
    void reply.status(apiError.statusCode).headers(apiError.headers).send(apiError.toEnvelope());
  });
  app.setNotFoundHandler((request, reply) => {
    const apiError = new ApiError(
      "NOT_FOUND",
      `No route ${request.method} ${request.url.split("?")[0]}.`,
    );
    void reply.status(404).send(apiError.toEnvelope());
  });
}
