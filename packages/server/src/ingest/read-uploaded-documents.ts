import type { IngestionDocument } from "@nexus-chat/protocol";
import { maxDocumentsPerJob } from "@nexus-chat/protocol/schemas";
import type {} from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { ApiError } from "../http/api-error.js";
import {
  binaryFormatOfFile,
  convertBinaryDocument,
  maxBinaryFileBytes,
} from "./convert-binary-document.js";
import { formatOfFile } from "./read-document-files.js";

/** Largest upload (every file together), in bytes. */
export const maxIngestionBytes = 50 * 1024 * 1024;
/** Largest single uploaded markdown, HTML or text file, in bytes. */
const maxTextFileBytes = 5 * 1024 * 1024;

/**
 * Reads a multipart upload of markdown, HTML, text, PDF or DOCX files, each a document keyed by
 * its file name (PDF and DOCX converted to HTML on a thread of their own, see
 * `convertBinaryDocument`), and its short text fields (the ingestion API's `experienceId`). A route's `bodyLimit` does
 * not apply to multipart (the parser leaves the stream to us), so the total is counted here as
 * the stream is read: a declared `Content-Length` over the limit is refused before reading, and an
 * upload that passes it while streaming is cut off there. Used by the ingestion API and the
 * console's upload alike.
 */
export async function readUploadedDocuments(
  request: FastifyRequest,
): Promise<{ fields: Map<string, string>; documents: IngestionDocument[] }> {
  try {
    return await readParts(request);
  } catch (error) {
    // Fastify's own multipart errors (limits, content type) carry a code the error handler maps;
    // busboy's framing errors ("Unexpected end of form", "Malformed part header") carry none and
    // were answered 500 (found by request-fuzzing.test.ts).
    if (error instanceof ApiError || (error as { code?: unknown }).code !== undefined) throw error;
    throw new ApiError("VALIDATION_FAILED", "The multipart body is malformed.");
  }
}

async function readParts(
  request: FastifyRequest,
): Promise<{ fields: Map<string, string>; documents: IngestionDocument[] }> {
  if (!request.isMultipart())
    throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "Upload files as multipart/form-data.");
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > maxIngestionBytes) throw new ApiError("PAYLOAD_TOO_LARGE");
  const fields = new Map<string, string>();
  const documents: IngestionDocument[] = [];
  let total = 0;
  for await (const part of request.parts({
    limits: {
      fileSize: maxBinaryFileBytes,
      files: maxDocumentsPerJob,
      fields: 10,
      fieldSize: 1024,
      parts: maxDocumentsPerJob + 10,
    },
  })) {
    if (part.type === "field") {
      if (typeof part.value === "string") fields.set(part.fieldname, part.value);
      continue;
    }
    const format = formatOfFile(part.filename);
    const binaryFormat = binaryFormatOfFile(part.filename);
    const buffer = await part.toBuffer();
    total += buffer.length;
    if (total > maxIngestionBytes) {
      throw new ApiError(
        "PAYLOAD_TOO_LARGE",
        `An upload may not exceed ${maxIngestionBytes / 1024 / 1024} MB in all.`,
      );
    }
    if (binaryFormat) {
      documents.push(await convertBinaryDocument(buffer, part.filename, binaryFormat));
      continue;
    }
    if (!format)
      throw new ApiError(
        "UNSUPPORTED_MEDIA_TYPE",
        `"${part.filename}" is not markdown, HTML, text, PDF or DOCX.`,
      );
    if (buffer.length > maxTextFileBytes)
      throw new ApiError(
        "PAYLOAD_TOO_LARGE",
        `"${part.filename}" is larger than ${maxTextFileBytes / 1024 / 1024} MB.`,
      );
    const content = buffer.toString("utf8");
    if (content.trim() === "") continue;
    documents.push({ content, format, externalId: part.filename });
  }
  if (documents.length === 0)
    throw new ApiError("VALIDATION_FAILED", "Upload at least one non-empty file.");
  return { fields, documents };
}
