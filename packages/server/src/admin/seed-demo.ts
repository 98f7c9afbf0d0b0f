import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import type { IngestionJob } from "@nexus-chat/protocol";
import type { IngestionService } from "../ingest/ingestion-service.js";
import { readDocumentFiles } from "../ingest/read-document-files.js";
import type { Store } from "../store/store.js";
import { demoExperience } from "./demo-experience.js";

/** Prefix of the demo documents' external ids, so files removed from docs/ can be dropped. */
const externalIdPrefix = "docs/";

/** How long one process may seed before another takes over (it died, or hangs). */
const seedLeaseMs = 5 * 60_000;
/** How often a process waiting for another's seed looks again. */
const seedWaitMs = 200;

/**
 * Creates the `demo` experience once, then brings its knowledge base in line with `docs/`:
 * unchanged files are skipped (content hash), changed ones replaced (external id), deleted
 * ones removed. Safe to run on every start, and by several processes starting together: one
 * holds a lease while it seeds, the others wait for it and then find nothing left to do.
 */
export async function seedDemo(
  store: Store,
  ingestion: IngestionService,
  docsDirectory: string,
): Promise<IngestionJob | null> {
  const holder = randomUUID();
  while (!(await store.clients.acquireLease("demo-seed", holder, seedLeaseMs))) {
    await new Promise((resolve) => setTimeout(resolve, seedWaitMs));
  }
  try {
    return await seedDemoNow(store, ingestion, docsDirectory);
  } finally {
    await store.clients.releaseLease("demo-seed", holder);
  }
}

async function seedDemoNow(
  store: Store,
  ingestion: IngestionService,
  docsDirectory: string,
): Promise<IngestionJob | null> {
  await store.experiences.createIfMissing(demoExperience);
  if (!existsSync(docsDirectory)) return null;
  const documents = await readDocumentFiles([docsDirectory], {
    baseDirectory: dirname(docsDirectory.replace(/\/+$/, "")),
  });
  const keep = new Set(documents.map((document) => document.externalId ?? ""));
  await store.knowledge.removeDocumentsExcept(demoExperience.id, externalIdPrefix, keep);
  return ingestion.ingest(demoExperience.id, documents);
}
