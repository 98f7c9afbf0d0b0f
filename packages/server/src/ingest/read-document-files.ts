import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";
import type { IngestionDocument } from "@nexus-chat/protocol";
import { binaryFormatOfFile, convertBinaryDocument } from "./convert-binary-document.js";

const formatsByExtension: Record<string, IngestionDocument["format"]> = {
  ".md": "markdown",
  ".markdown": "markdown",
  ".mdx": "markdown",
  ".html": "html",
  ".htm": "html",
  ".txt": "text",
};

/** The ingestion format of a file name, or `undefined` when it is not a supported document. */
export function formatOfFile(fileName: string): IngestionDocument["format"] | undefined {
  return formatsByExtension[extname(fileName).toLowerCase()];
}

async function collectFiles(path: string, files: string[]): Promise<void> {
  const info = await stat(path);
  if (info.isFile()) {
    if (formatOfFile(path) || binaryFormatOfFile(path)) files.push(path);
    return;
  }
  if (!info.isDirectory()) return;
  const entries = await readdir(path, { withFileTypes: true });
  entries.sort((left, right) => left.name.localeCompare(right.name));
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    await collectFiles(join(path, entry.name), files);
  }
}

/**
 * Reads every markdown, HTML, text, PDF and DOCX file under the given files and folders (PDF
 * and DOCX converted to HTML, see `convertBinaryDocument`; one that cannot be read throws,
 * naming it). Each document's
 * external id is its path relative to `baseDirectory` (with `/`), optionally prefixed, so that
 * reading the same files again updates them instead of adding copies.
 */
export async function readDocumentFiles(
  paths: readonly string[],
  options: { baseDirectory: string; externalIdPrefix?: string },
): Promise<IngestionDocument[]> {
  const files: string[] = [];
  for (const path of paths) await collectFiles(path, files);
  const documents: IngestionDocument[] = [];
  for (const file of files) {
    const relativePath = relative(options.baseDirectory, file).split(sep).join("/");
    const externalId = `${options.externalIdPrefix ?? ""}${relativePath}`;
    const binaryFormat = binaryFormatOfFile(file);
    if (binaryFormat) {
      documents.push(await convertBinaryDocument(await readFile(file), externalId, binaryFormat));
      continue;
    }
    documents.push({
      content: await readFile(file, "utf8"),
      format: formatOfFile(file) ?? "text",
      externalId,
    });
  }
  return documents;
}
