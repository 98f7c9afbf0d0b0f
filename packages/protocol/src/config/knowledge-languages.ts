/**
 * The languages a knowledge base can be written in (an experience's `knowledgeLanguage`), by the
 * same tags as the widget's language packs. The server stems words and drops stop words by the
 * rules of this language, when it indexes passages and when it reads a question.
 */
export const knowledgeLanguages = [
  "en",
  "es",
  "fr",
  "de",
  "pt",
  "it",
  "nl",
  "ja",
  "zh-CN",
  "ar",
  "he",
] as const;

/** A language the server can index a knowledge base in. */
export type KnowledgeLanguage = (typeof knowledgeLanguages)[number];

/** The language of an experience that names none (every experience made before the setting). */
export const defaultKnowledgeLanguage: KnowledgeLanguage = "en";

/** Whether a value is one of {@link knowledgeLanguages}. */
export function isKnowledgeLanguage(value: unknown): value is KnowledgeLanguage {
  return (knowledgeLanguages as readonly unknown[]).includes(value);
}
