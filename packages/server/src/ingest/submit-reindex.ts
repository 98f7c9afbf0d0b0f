import type { IngestionJob } from "@nexus-chat/protocol";
import type { AppContext } from "../app-context.js";
import { ApiError } from "../http/api-error.js";

/**
 * Queues a re-index of an experience's knowledge base, or of one of its documents, once both
 * exist (`EXPERIENCE_NOT_FOUND`, `NOT_FOUND`). Whoever calls has already been authorised for the
 * experience: the ingestion API by scope and experience, the console by the operator's role.
 */
export async function submitReindex(
  context: AppContext,
  experienceId: string,
  documentId?: string,
): Promise<IngestionJob> {
  if (!(await context.store.experiences.get(experienceId)))
    throw new ApiError("EXPERIENCE_NOT_FOUND");
  if (documentId === undefined) return context.ingestion.submitReindex(experienceId);
  const ids = await context.store.knowledge.listDocumentIds(experienceId);
  if (!ids.includes(documentId))
    throw new ApiError("NOT_FOUND", "No such document in this knowledge base.");
  return context.ingestion.submitReindex(experienceId, [documentId]);
}
