import { containsTerm } from "./contains-term.js";
import { foldText } from "./fold-text.js";
import { splitIntoUnits, type MarkdownUnit } from "./markdown-units.js";
import type { RetrievedPassage } from "./passage-retriever.js";

/** The part of the best passages that answers the question, and how well it does. */
export interface AnswerSelection {
  /** The passage the answer is quoted from. */
  passage: RetrievedPassage;
  /** Units to show, in the passage's order: the answering one and the context it needs. */
  units: MarkdownUnit[];
  /** Share of the question's term weight found in the chosen units, 0 to 1. */
  unitCoverage: number;
  /** Share of the question's term weight found anywhere in the chosen passage, 0 to 1. */
  passageCoverage: number;
}

/** Weight of the previous question's terms when scoring a follow-up's sentences. */
const followUpWeight = 0.3;
/** The best passages' units are preferred in this proportion to the next ones'. */
const passageRankWeights = [1, 0.7, 0.55];
/** A second sentence is added only while the quote stays this short (characters). */
const quoteBudget = 360;
/** Lead-in text such as a sentence ending in a colon is kept up to this length with its list. */
const blockBudget = 700;

/** Words that open a sentence which leans on the one before it. */
const leaningOpeners =
  /^(?:he|she|it|they|this|these|that|those|his|her|its|their|there|however|but|also|then|so|thus|such|both|the latter|the former|in addition|as a result|instead)\b/i;

interface ScoredUnit {
  passageIndex: number;
  unitIndex: number;
  score: number;
  matched: Set<string>;
}

function lower(unit: MarkdownUnit): string {
  return foldText(unit.text);
}

/**
 * Weighs each term by how rare it is among the candidate units: a word every sentence shares
 * ("film", the article's subject) says little about which sentence answers.
 */
function termWeights(terms: readonly string[], texts: readonly string[]): Map<string, number> {
  const weights = new Map<string, number>();
  for (const term of terms) {
    const holders = texts.filter((text) => containsTerm(text, term)).length;
    weights.set(term, Math.log(1 + (texts.length + 1) / (holders + 0.5)));
  }
  return weights;
}

function coverage(
  text: string,
  terms: readonly string[],
  weights: ReadonlyMap<string, number>,
): number {
  let total = 0;
  let found = 0;
  for (const term of terms) {
    const weight = weights.get(term) ?? 1;
    total += weight;
    if (containsTerm(text, term)) found += weight;
  }
  return total === 0 ? 0 : found / total;
}

/**
 * Picks the sentence, list item, table or code block that best answers the question among the
 * best passages, scored by the question's words (rare ones count more) and, less, the previous
 * question's; then adds only the context it needs: the sentence before when it opens with "it",
 * "this" and the like, the lead-in of a list item, the list or code block a sentence ending in a
 * colon announces, and a second sentence when it covers question words the first lacks.
 */
export function selectAnswer(
  passages: readonly RetrievedPassage[],
  questionTerms: readonly string[],
  previousQuestionTerms: readonly string[] = [],
): AnswerSelection | null {
  const terms = questionTerms.map(foldText);
  const previousTerms = previousQuestionTerms.map(foldText);
  const candidates = passages.slice(0, passageRankWeights.length);
  const unitsByPassage = candidates.map((passage) => splitIntoUnits(passage.body));
  const texts = unitsByPassage.flat().map(lower);
  if (texts.length === 0) return null;
  const weights = termWeights([...terms, ...previousTerms], texts);
  const averageLength = texts.reduce((sum, text) => sum + text.length, 0) / texts.length;

  const scored: ScoredUnit[] = [];
  for (const [passageIndex, units] of unitsByPassage.entries()) {
    const passage = candidates[passageIndex]!;
    // A section titled with the question's words usually answers it in its opening.
    const headingText = foldText(passage.heading);
    const headingShare =
      terms.length === 0
        ? 0
        : terms.filter((term) => containsTerm(headingText, term)).length / terms.length;
    let firstSelectable = true;
    for (const [unitIndex, unit] of units.entries()) {
      if (unit.kind === "heading") continue;
      const text = lower(unit);
      const matched = new Set<string>();
      let score = 0;
      for (const term of terms) {
        if (!containsTerm(text, term)) continue;
        matched.add(term);
        score += weights.get(term) ?? 1;
      }
      for (const term of previousTerms) {
        if (terms.includes(term) || !containsTerm(text, term)) continue;
        score += followUpWeight * (weights.get(term) ?? 1);
      }
      // Long units match more words by length alone; damp that a little.
      score /= 1 + 0.25 * Math.log(1 + text.length / averageLength);
      if (firstSelectable) score += 0.5 * headingShare * (1 + score);
      firstSelectable = false;
      score *= passageRankWeights[passageIndex] ?? 0.5;
      scored.push({ passageIndex, unitIndex, score, matched });
    }
  }
  scored.sort(
    (left, right) =>
      right.score - left.score ||
      left.passageIndex - right.passageIndex ||
      left.unitIndex - right.unitIndex,
  );
  const best = scored[0];
  if (!best) return null;
  const passage = candidates[best.passageIndex]!;
  const units = unitsByPassage[best.passageIndex]!;
  const chosen = new Set<number>([best.unitIndex]);
  const lead = units[best.unitIndex]!;

  // Context the answering unit needs to be understood.
  const before = units[best.unitIndex - 1];
  if (before && before.kind === "sentence") {
    const leans =
      lead.kind === "sentence" && leaningOpeners.test(lead.text.replace(/^[*_"“]+/, ""));
    const introducesList = lead.kind !== "sentence" && /:\s*$/.test(before.text);
    if ((leans && before.block === lead.block) || introducesList) chosen.add(best.unitIndex - 1);
  }
  // A short sentence of links right after it ("[Start the tour](tour:id=1)") is its call to
  // action: custom-protocol links only work when they reach the visitor.
  const after = units[best.unitIndex + 1];
  if (
    after?.kind === "sentence" &&
    after.block === lead.block &&
    after.text.length <= 400 &&
    /\]\([^)]+\)/.test(after.text)
  )
    chosen.add(best.unitIndex + 1);
  if (/:\s*$/.test(lead.text)) {
    // "Add this tag:" is answered by the block that follows it.
    let length = lead.text.length;
    for (let index = best.unitIndex + 1; index < units.length; index += 1) {
      const unit = units[index]!;
      if (unit.kind === "sentence" || unit.kind === "heading") break;
      if (length + unit.text.length > blockBudget && chosen.size > 1) break;
      chosen.add(index);
      length += unit.text.length;
      if (unit.kind === "code" || unit.kind === "table") break;
    }
  }

  // A second unit of the same passage, when it adds question words the first lacks.
  const quoted = () => [...chosen].reduce((sum, index) => sum + units[index]!.text.length, 0);
  const covered = new Set(best.matched);
  for (const index of chosen)
    for (const term of terms) if (containsTerm(lower(units[index]!), term)) covered.add(term);
  const second = scored.find(
    (entry) =>
      entry !== best &&
      entry.passageIndex === best.passageIndex &&
      !chosen.has(entry.unitIndex) &&
      entry.score >= 0.5 * best.score &&
      [...entry.matched].some((term) => !covered.has(term)),
  );
  if (second && quoted() + units[second.unitIndex]!.text.length <= quoteBudget)
    chosen.add(second.unitIndex);

  const selected = [...chosen].sort((left, right) => left - right).map((index) => units[index]!);
  const selectedText = selected.map(lower).join(" ");
  const passageText = foldText(`${passage.title} ${passage.heading} ${passage.body}`);
  return {
    passage,
    units: selected,
    unitCoverage: coverage(selectedText, terms, weights),
    passageCoverage: coverage(passageText, terms, weights),
  };
}
