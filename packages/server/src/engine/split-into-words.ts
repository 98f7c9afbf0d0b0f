/**
 * Splits text into streamable pieces at word granularity: each piece is a word with the
 * whitespace after it, so joining the pieces gives the text back exactly (markdown intact).
 */
export function splitIntoWords(text: string): string[] {
  return text.match(/\s+|\S+\s*/g) ?? [];
}
