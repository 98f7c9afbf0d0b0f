import { Worker } from "node:worker_threads";
import type { IngestionDocument } from "@nexus-chat/protocol";
import { ApiError } from "../http/api-error.js";

/** The file formats that are converted before they are imported. */
export type BinaryDocumentFormat = "pdf" | "docx";

const binaryFormatsByExtension: Record<string, BinaryDocumentFormat> = {
  ".pdf": "pdf",
  ".docx": "docx",
};

/** Whether a file name is a PDF or DOCX file, and which. */
export function binaryFormatOfFile(fileName: string): BinaryDocumentFormat | undefined {
  const extension = /\.[^./\\]+$/.exec(fileName)?.[0]?.toLowerCase() ?? "";
  return binaryFormatsByExtension[extension];
}

/** Largest PDF or DOCX file read, in bytes (pictures make them larger than text files). */
export const maxBinaryFileBytes = 20 * 1024 * 1024;

/** Bounds on reading one PDF or DOCX file. */
export interface BinaryDocumentLimits {
  /** A PDF with more pages is refused (413). @default 500 */
  maxPages?: number;
  /** A file whose text (as HTML) is larger is refused (413). @default 10 MiB */
  maxTextBytes?: number;
  /** A file not read within this time is refused (422). @default 30_000 */
  timeoutMs?: number;
  /** The reading thread's heap; a file that needs more is refused (413). @default 256 */
  maxMemoryMb?: number;
}

/**
 * Files converted at once in this process; more wait their turn. Each conversion is a thread
 * with up to `maxMemoryMb` of heap, so this bounds the memory that uploads can take together.
 */
const maxConcurrentConversions = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function takeTurn(): Promise<() => void> {
  if (running >= maxConcurrentConversions)
    await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  return () => {
    running -= 1;
    waiting.shift()?.();
  };
}

interface WorkerReply {
  converted?: { html: string; title?: string };
  failure?: { kind: "encrypted" | "unreadable" | "too-large"; message: string };
}

const workerFile = new URL("./document-conversion-worker.cjs", import.meta.url);

/** Runs the conversion thread for one file and settles with its reply. */
function runWorker(
  data: Uint8Array,
  format: BinaryDocumentFormat,
  limits: Required<BinaryDocumentLimits>,
): Promise<WorkerReply> {
  // A copy of its own, handed over to the thread rather than copied again.
  const bytes = new Uint8Array(data).buffer;
  return new Promise((resolve) => {
    const worker = new Worker(workerFile, {
      workerData: {
        format,
        data: bytes,
        limits: { maxPages: limits.maxPages, maxTextBytes: limits.maxTextBytes },
      },
      transferList: [bytes],
      resourceLimits: {
        maxOldGenerationSizeMb: limits.maxMemoryMb,
        maxYoungGenerationSizeMb: Math.min(32, limits.maxMemoryMb),
      },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const settle = (reply: WorkerReply): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(reply);
    };
    const timer = setTimeout(
      () =>
        settle({
          failure: {
            kind: "unreadable",
            message: `could not be read within ${limits.timeoutMs / 1000} s`,
          },
        }),
      limits.timeoutMs,
    );
    worker.on("message", (reply: WorkerReply) => settle(reply));
    worker.on("error", (error: Error & { code?: string }) =>
      settle({
        failure:
          error.code === "ERR_WORKER_OUT_OF_MEMORY"
            ? { kind: "too-large", message: "needs too much memory to read" }
            : { kind: "unreadable", message: `could not be read (${error.message})` },
      }),
    );
    worker.on("exit", () =>
      settle({ failure: { kind: "unreadable", message: "could not be read" } }),
    );
  });
}

/**
 * Reads a PDF or DOCX file into a document of the knowledge base: its text as HTML (DOCX
 * headings, lists, tables and links as written; a PDF's paragraphs and its larger-type lines as
 * headings), titled by the PDF's metadata or the DOCX's first heading, else by the file name.
 * The reading runs on a thread of its own, bounded in time, memory, pages and text, so the
 * server goes on answering meanwhile. A file that is encrypted or not readable is an
 * `ApiError` (`DOCUMENT_UNREADABLE`, 422), one over a limit `PAYLOAD_TOO_LARGE` (413), each
 * naming the file.
 */
export async function convertBinaryDocument(
  data: Uint8Array,
  fileName: string,
  format: BinaryDocumentFormat,
  limits: BinaryDocumentLimits = {},
): Promise<IngestionDocument> {
  const bounded: Required<BinaryDocumentLimits> = {
    maxPages: limits.maxPages ?? 500,
    maxTextBytes: limits.maxTextBytes ?? 10 * 1024 * 1024,
    timeoutMs: limits.timeoutMs ?? 30_000,
    maxMemoryMb: limits.maxMemoryMb ?? 256,
  };
  if (data.byteLength > maxBinaryFileBytes) {
    throw new ApiError(
      "PAYLOAD_TOO_LARGE",
      `"${fileName}" is larger than ${maxBinaryFileBytes / 1024 / 1024} MB.`,
    );
  }
  const done = await takeTurn();
  let reply: WorkerReply;
  try {
    reply = await runWorker(data, format, bounded);
  } finally {
    done();
  }
  if (reply.failure) {
    throw new ApiError(
      reply.failure.kind === "too-large" ? "PAYLOAD_TOO_LARGE" : "DOCUMENT_UNREADABLE",
      `"${fileName}" ${reply.failure.message}.`,
    );
  }
  const converted = reply.converted ?? { html: "" };
  if (converted.html.replace(/<[^>]*>/g, "").trim() === "") {
    // A scanned PDF is pictures of pages: there is no text without OCR, which this does not do.
    throw new ApiError("DOCUMENT_UNREADABLE", `"${fileName}" has no text to read.`);
  }
  const baseName = fileName.split(/[/\\]/).pop() ?? fileName;
  return {
    content: converted.html,
    format: "html",
    title: converted.title ?? baseName.replace(/\.[^.]+$/, ""),
    externalId: fileName,
  };
}
