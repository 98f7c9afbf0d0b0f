import { randomUUID } from "node:crypto";
import {
  isKnowledgeLanguage,
  knowledgeLanguages,
  type CreateExperienceRequest,
  type Experience,
  type UpdateExperienceRequest,
} from "@nexus-chat/protocol";
import { checkEngineOptions } from "./check-engine-options.js";
import { ApiError } from "../http/api-error.js";
import { findRefusedLink, refusedLinkMessage } from "../ingest/find-refused-link.js";
import { LinkPolicy, schemeOf } from "../ingest/link-policy.js";
import type { Store } from "../store/store.js";
import { mergeEngineOptions, redactSecrets, secretEngineOptionKeys } from "./redact-secrets.js";

/** A secret shown as "(set)" by the console and sent back unchanged keeps the stored value. */
function withoutSecretMarkers(options: Record<string, unknown>): Record<string, unknown> {
  const kept = { ...options };
  for (const key of secretEngineOptionKeys) if (kept[key] === "(set)") delete kept[key];
  return kept;
}

/** The server posts hand-overs to this URL itself: only the web's own schemes make sense. */
const webhookSchemes = new Set(["http", "https"]);

/**
 * Managing experiences, as both the admin API (`/admin/experiences`) and the console
 * (`/console/assistants`) do it: one set of rules (ids, engine options checked against the
 * engine's schema when saved, links in the widget settings checked against the link schemes,
 * secrets never handed back), told in each API's own word for an experience.
 */
export class ExperienceAdmin {
  /**
   * @param noun "experience" or "assistant": how this API's messages name one.
   * @param links the schemes stored links may use (`LINK_SCHEMES`), as for imported documents
   */
  constructor(
    private readonly store: Store,
    private readonly noun: "experience" | "assistant",
    private readonly links: LinkPolicy = new LinkPolicy(),
  ) {}

  /**
   * Refuses (400, naming the field) a widget setting that links or points to a scheme the
   * widget must never follow or load (`javascript:`, `data:`, an unconfigured protocol): welcome
   * actions, icon URLs, links in welcome and disclaimer texts; and a hand-over webhook that is
   * not http(s).
   */
  private checkLinks(request: UpdateExperienceRequest): void {
    const refused = findRefusedLink(request.widget, this.links, "widget");
    if (refused) throw new ApiError("VALIDATION_FAILED", refusedLinkMessage(refused, this.links));
    const webhook = request.handoverWebhookUrl;
    if (typeof webhook === "string" && !webhookSchemes.has(schemeOf(webhook) ?? "")) {
      throw new ApiError(
        "VALIDATION_FAILED",
        "handoverWebhookUrl: must be an http:// or https:// address.",
      );
    }
  }

  /** Refuses (400) a knowledge-base language the server cannot index, naming those it can. */
  private checkLanguage(request: UpdateExperienceRequest): void {
    const language: unknown = request.knowledgeLanguage;
    if (language === undefined || isKnowledgeLanguage(language)) return;
    throw new ApiError(
      "VALIDATION_FAILED",
      `knowledgeLanguage: ${JSON.stringify(language)} is not a supported language; use one of ${knowledgeLanguages.join(", ")}.`,
    );
  }

  /** The stored experience, secrets included (for the server's own use). */
  async get(id: string): Promise<Experience> {
    const experience = await this.store.experiences.get(id);
    if (!experience) throw new ApiError("EXPERIENCE_NOT_FOUND", `No ${this.noun} "${id}".`);
    return experience;
  }

  /** An id from the name when none is given: a slug and a random suffix. */
  private idFromName(name: string): string {
    const slug = name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40);
    return `${slug || this.noun}-${randomUUID().slice(0, 8)}`;
  }

  async create(request: CreateExperienceRequest): Promise<Experience> {
    const id = request.id ?? this.idFromName(request.name);
    if (await this.store.experiences.get(id))
      throw new ApiError("CONFLICT", `An ${this.noun} "${id}" already exists.`);
    this.checkLinks(request);
    this.checkLanguage(request);
    const engineOptions = request.engineOptions ?? {};
    checkEngineOptions(request.engine ?? "retrieval", engineOptions);
    return redactSecrets(await this.store.experiences.create({ ...request, engineOptions, id }));
  }

  /**
   * Applies changes. Engine options sent for the same engine are merged into the stored ones (a
   * secret left out or sent back as "(set)" is kept); a new engine starts from the options sent.
   */
  async update(id: string, request: UpdateExperienceRequest): Promise<Experience> {
    this.checkLinks(request);
    this.checkLanguage(request);
    const stored = await this.get(id);
    const engine = request.engine ?? stored.engine;
    const engineOptions =
      request.engineOptions === undefined
        ? stored.engineOptions
        : engine === stored.engine
          ? mergeEngineOptions(stored.engineOptions, withoutSecretMarkers(request.engineOptions))
          : withoutSecretMarkers(request.engineOptions);
    // Only when they change: an experience saved before options were checked can still be
    // renamed or have its widget edited.
    if (request.engine !== undefined || request.engineOptions !== undefined)
      checkEngineOptions(engine, engineOptions);
    const updated = await this.store.experiences.update(stored.id, { ...request, engineOptions });
    if (!updated) throw new ApiError("EXPERIENCE_NOT_FOUND", `No ${this.noun} "${id}".`);
    return redactSecrets(updated);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.store.experiences.delete(id)))
      throw new ApiError("EXPERIENCE_NOT_FOUND", `No ${this.noun} "${id}".`);
  }

  async deleteDocument(id: string, documentId: string): Promise<void> {
    if (!(await this.store.knowledge.deleteDocument(id, documentId)))
      throw new ApiError("NOT_FOUND", `No such document in this ${this.noun}'s knowledge base.`);
  }
}
