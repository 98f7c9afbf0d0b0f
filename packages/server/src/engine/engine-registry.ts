import type { Experience } from "@nexus-chat/protocol";
import type { KnowledgeStore } from "../store/knowledge-store.js";
import type { AnswerEngine } from "./answer-engine.js";
import { OpenAiCompatibleEngine } from "./openai-compatible-engine.js";
import { RetrievalEngine } from "./retrieval-engine.js";
import { WebhookEngine } from "./webhook-engine.js";

/** The engine instances, one per kind; each reads its options from the experience. */
export class EngineRegistry {
  private readonly engines: Record<Experience["engine"], AnswerEngine>;

  constructor(knowledge: KnowledgeStore) {
    this.engines = {
      retrieval: new RetrievalEngine(knowledge),
      "openai-compatible": new OpenAiCompatibleEngine(knowledge),
      webhook: new WebhookEngine(),
    };
  }

  for(experience: Experience): AnswerEngine {
    return this.engines[experience.engine];
  }
}
