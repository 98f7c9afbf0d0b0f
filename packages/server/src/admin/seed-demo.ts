import { existsSync } from "node:fs";
import { dirname } from "node:path";
import type { IngestionJob } from "@nexus-chat/protocol";
import type { IngestionService } from "../ingest/ingestion-service.js";
import { readDocumentFiles } from "../ingest/read-document-files.js";
import type { Store } from "../store/store.js";
import { demoExperience } from "./demo-experience.js";

/** Prefix of the demo documents' external ids, so files removed from docs/ can be dropped. */
const externalIdPrefix = "docs/";

/**
 * Creates the `demo` experience once, then brings its knowledge base in line with `docs/`:
 * unchanged files are skipped (content hash), changed ones replaced (external id), deleted
 * ones removed. Safe to run on every start.
 */
export async function seedDemo(
  store: Store,
  ingestion: IngestionService,
  docsDirectory: string,
): Promise<IngestionJob | null> {
  if (!(await store.experiences.get(demoExperience.id)))
    await store.experiences.create(demoExperience);
  if (!existsSync(docsDirectory)) return null;
  const documents = await readDocumentFiles([docsDirectory], {
    baseDirectory: dirname(docsDirectory.replace(/\/+$/, "")),
  });
  const keep = new Set(documents.map((document) => document.externalId ?? ""));
  await store.knowledge.removeDocumentsExcept(demoExperience.id, externalIdPrefix, keep);
  return ingestion.ingest(demoExperience.id, documents);
}
