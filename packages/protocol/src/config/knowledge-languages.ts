import { widgetLocales } from "./widget-locales.js";

/**
 * The languages a knowledge base can be written in (an experience's `knowledgeLanguage`): the
 * widget's language packs, by the same tags, so one tag names both. The server stems words and
 * drops stop words by the rules of this language, when it indexes passages and when it reads a
 * question.
 */
export const knowledgeLanguages = widgetLocales;

/** A language the server can index a knowledge base in. */
export type KnowledgeLanguage = (typeof knowledgeLanguages)[number];

/** The language of an experience that names none (every experience made before the setting). */
export const defaultKnowledgeLanguage: KnowledgeLanguage = "en";

/** Whether a value is one of {@link knowledgeLanguages}. */
export function isKnowledgeLanguage(value: unknown): value is KnowledgeLanguage {
  return (knowledgeLanguages as readonly unknown[]).includes(value);
}
