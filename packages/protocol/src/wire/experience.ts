import type { KnowledgeLanguage } from "../config/knowledge-languages.js";
import type { RemoteWidgetConfig } from "../config/widget-config.js";

/** `GET /experiences/:id/config`: what a site needs besides `experienceId`. */
export interface ExperiencePublicConfig {
  experienceId: string;
  name: string;
  widget: RemoteWidgetConfig;
}

/** How an experience produces answers. */
export type EngineKind = "retrieval" | "openai-compatible" | "webhook";

/** An experience as admin routes show it. */
export interface Experience {
  id: string;
  name: string;
  engine: EngineKind;
  /** Engine settings (endpoint, model, webhook URL); secrets are write-only. */
  engineOptions: Record<string, unknown>;
  widget: RemoteWidgetConfig;
  /** `/query` needs a bearer token with `query:execute`. */
  requireAuth: boolean;
  /** Origins allowed to call the public routes; empty means any. */
  allowedOrigins: string[];
  /** Receives hand-over requests with their transcript. */
  handoverWebhookUrl: string | null;
  /**
   * Seconds a hand-over waits for an agent to claim it before the visitor goes back to the
   * assistant (`reason: "timeout"`). @default 180
   */
  handoverQueueTimeoutSeconds?: number;
  /**
   * The language the knowledge base is written in: words are stemmed and stop words dropped by
   * its rules, in passages and in questions. @default "en"
   */
  knowledgeLanguage?: KnowledgeLanguage;
  createdAt: string;
  updatedAt: string;
}

/** Body of admin `POST /admin/experiences`. */
export interface CreateExperienceRequest {
  /** Lowercase letters, digits and dashes; generated when absent. */
  id?: string;
  name: string;
  engine?: EngineKind;
  engineOptions?: Record<string, unknown>;
  widget?: RemoteWidgetConfig;
  requireAuth?: boolean;
  allowedOrigins?: string[];
  handoverWebhookUrl?: string | null;
  /** From 10 to 86,400 seconds. @default 180 */
  handoverQueueTimeoutSeconds?: number;
  /**
   * One of `knowledgeLanguages`. Changing it indexes the experience's passages again.
   * @default "en"
   */
  knowledgeLanguage?: KnowledgeLanguage;
}

/** Body of admin `PATCH /admin/experiences/:id`. */
export type UpdateExperienceRequest = Partial<Omit<CreateExperienceRequest, "id">>;
