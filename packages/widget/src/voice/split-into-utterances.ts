/**
 * Engines cut off long utterances (Chrome's network voices stop after about 15 seconds), so text
 * is spoken one sentence at a time. 200 characters is roughly 12 seconds of speech at rate 1.
 * @default maxLength 200
 */
export function splitIntoUtterances(text: string, maxLength = 200): string[] {
  const limit = Math.max(1, Math.floor(maxLength));
  const utterances: string[] = [];
  for (const sentence of sentences(text)) {
    utterances.push(...splitLongSentence(sentence, limit));
  }
  return utterances;
}

function sentences(text: string): string[] {
  const normalised = text.replace(/\s+/g, " ").trim();
  if (normalised === "") return [];
  // Intl.Segmenter knows abbreviations and non-Latin punctuation; every browser that has
  // speechSynthesis also has it, the regular expression is for older runtimes.
  if (typeof Intl !== "undefined" && "Segmenter" in Intl) {
    const segmenter = new Intl.Segmenter(undefined, { granularity: "sentence" });
    return Array.from(segmenter.segment(normalised), (segment) => segment.segment.trim()).filter(
      (sentence) => sentence !== "",
    );
  }
  return (normalised.match(/[^.!?…]+(?:[.!?…]+["'”’)\]]*|$)/gu) ?? [])
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== "");
}

/** Splits at the last clause break (, ; : —) before the limit, else the last space, else hard. */
function splitLongSentence(sentence: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = sentence;
  while (rest.length > limit) {
    // One character more than the limit, so a break right at the limit is seen.
    const head = rest.slice(0, limit + 1);
    let cut = lastBreak(head, /[,;:—–](?=\s)/g);
    if (cut < limit / 3) cut = Math.max(cut, head.lastIndexOf(" "));
    if (cut <= 0) cut = limit;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest !== "") pieces.push(rest);
  return pieces;
}

/** Index just after the last match of `pattern` in `text`, or -1. */
function lastBreak(text: string, pattern: RegExp): number {
  let index = -1;
  for (const match of text.matchAll(pattern)) index = match.index + match[0].length;
  return index;
}
