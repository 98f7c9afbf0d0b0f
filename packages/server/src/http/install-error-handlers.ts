import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isDatabaseUnavailable } from "../store/database-errors.js";
import type { StorageMonitor } from "../store/storage-monitor.js";
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
    case "FST_ERR_BAD_URL":
      return new ApiError("VALIDATION_FAILED", "The URL is not validly percent-encoded.");
    case "FST_ERR_MAX_PARAM_LENGTH":
      return new ApiError("VALIDATION_FAILED", "A path parameter is too long.");
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new ApiError(
        "VALIDATION_FAILED",
        "The Content-Length header does not match the body.",
      );
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new ApiError("MALFORMED_JSON");
    case "FST_ERR_CTP_BODY_TOO_LARGE":
    case "FST_REQ_FILE_TOO_LARGE":
    case "FST_FILES_LIMIT":
    case "FST_PARTS_LIMIT":
    case "FST_FIELDS_LIMIT":
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

/**
 * Fastify's `frameworkErrors` option: errors met before routing (a path that is not valid
 * percent-encoding, a path parameter over `maxParamLength`) answered from the catalogue too.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const apiError = toApiError(error);
  void reply.status(apiError.statusCode).send(apiError.toEnvelope());
}

/**
 * Fastify's `clientErrorHandler` option: what Node's HTTP parser refuses (malformed framing, a
 * request that did not arrive within the request or header timeout, headers too large) gets a
 * catalogue envelope instead of a bare "Client Error", and the connection is closed.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const apiError =
    error.code === "ERR_HTTP_REQUEST_TIMEOUT"
      ? new ApiError("REQUEST_TIMEOUT")
      : error.code === "HPE_HEADER_OVERFLOW"
        ? new ApiError("HEADERS_TOO_LARGE")
        : new ApiError("VALIDATION_FAILED", "The request is not valid HTTP.");
  const body = JSON.stringify(apiError.toEnvelope());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${apiError.statusCode} ${STATUS_CODES[apiError.statusCode]}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Every error leaves as `{ statusCode, code, message }` from the catalogue, never a stack. A
 * failing storage (full disk, read-only file, I/O error) is `503 UNAVAILABLE`, told to `storage`,
 * which logs it once per outage.
 */
export function installErrorHandlers(app: FastifyInstance, storage?: StorageMonitor): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    storage?.report(error);
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
