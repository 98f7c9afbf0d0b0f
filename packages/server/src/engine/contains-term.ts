const letterOrDigit = /[\p{L}\p{N}]/u;
const unspacedCharacter = /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]/u;

/** Whether the text has a letter or digit just before `index` (so no word starts there). */
function continuesWord(text: string, index: number): boolean {
  if (index === 0) return false;
  const unit = text.charCodeAt(index - 1);
  if (unit < 128) {
    // a-z (the text is lowercased, but uppercase stays when toLowerCase has none), A-Z, 0-9.
    return (unit >= 97 && unit <= 122) || (unit >= 65 && unit <= 90) || (unit >= 48 && unit <= 57);
  }
  // A low surrogate ends a character that started one unit earlier.
  const start = unit >= 0xdc00 && unit <= 0xdfff && index >= 2 ? index - 2 : index - 1;
  return letterOrDigit.test(String.fromCodePoint(text.codePointAt(start) ?? 0));
}

/**
 * Whether the lowercased text has a word (a run of letters and digits) that starts like the
 * term: a crude, fast stemmer. Searching the text for the stem at a word start gives the same
 * answer as splitting it into words and comparing each, which was the retriever's largest cost.
 */
export function containsTerm(text: string, term: string): boolean {
  // Chinese and Japanese terms are pairs of characters inside unbroken text: anywhere counts.
  if (term.charCodeAt(0) >= 0x3000 && unspacedCharacter.test(term)) return text.includes(term);
  const stem = term.length <= 4 ? term : term.slice(0, Math.max(4, term.length - 3));
  for (let index = text.indexOf(stem); index !== -1; index = text.indexOf(stem, index + 1)) {
    if (!continuesWord(text, index)) return true;
  }
  return false;
}
