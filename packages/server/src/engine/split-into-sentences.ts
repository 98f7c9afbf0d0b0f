/**
 * Splits text into sentence-sized pieces: a piece ends after `.`, `!` or `?` followed by
 * whitespace, or at a line break, and carries the whitespace after it. Joining the pieces gives
 * the text back exactly, so markdown (code blocks and tables included) is never altered.
 */
export function splitIntoSentences(text: string): string[] {
  return text.match(/[^\n]*?(?:[.!?](?=\s)|\n|$)\s*/g)?.filter((piece) => piece !== "") ?? [];
}
