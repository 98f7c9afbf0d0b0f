// Any code unit above 0x7f.
const nonAscii = /[^\p{ASCII}]/u;
const combiningMarks = /\p{M}+/gu;

/**
 * Lowercases text and strips accents ("Beyoncé" → "beyonce"), as the full-text index does, so
 * the engine's own word matching agrees with search. Plain ASCII text skips the Unicode work.
 */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  return nonAscii.test(lower) ? lower.normalize("NFD").replace(combiningMarks, "") : lower;
}
