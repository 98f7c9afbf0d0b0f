import type { QuestionGroup } from "@nexus-chat/protocol";
import { extractSearchTerms } from "../engine/search-terms.js";
import type { QuestionCount } from "../store/console-store.js";

/** Two wordings whose terms overlap this much (Jaccard) are one question. */
const similarity = 0.6;

/** A term without a plural or -ing ending, so "refund" and "refunds" meet. */
function stem(term: string): string {
  if (term.length > 5 && term.endsWith("ing")) return term.slice(0, -3);
  if (term.length > 3 && term.endsWith("s") && !term.endsWith("ss")) return term.slice(0, -1);
  return term;
}

interface Group {
  terms: Set<string>;
  wordings: QuestionCount[];
  count: number;
}

function jaccard(left: Set<string>, right: Set<string>): number {
  let shared = 0;
  for (const term of left) if (right.has(term)) shared += 1;
  return shared / (left.size + right.size - shared);
}

/**
 * Merges wordings of the same question ("how do I get a refund?", "refund how") into groups,
 * counted together, most asked first. Greedy: each wording, most frequent first, joins the first
 * group whose terms it shares enough of (found through an index of terms), or starts one. The
 * wordings come already counted by the database, so this sees at most a few thousand.
 */
export function groupSimilarQuestions(wordings: readonly QuestionCount[]): QuestionGroup[] {
  const groups: Group[] = [];
  const byTerm = new Map<string, Group[]>();
  for (const wording of wordings) {
    const terms = new Set(extractSearchTerms(wording.question).map(stem));
    let home: Group | undefined;
    if (terms.size > 0) {
      const candidates = new Set<Group>();
      for (const term of terms) for (const group of byTerm.get(term) ?? []) candidates.add(group);
      let best = similarity;
      for (const candidate of candidates) {
        const score = jaccard(terms, candidate.terms);
        if (score >= best) {
          best = score;
          home = candidate;
        }
      }
    }
    if (!home) {
      home = { terms, wordings: [], count: 0 };
      groups.push(home);
      for (const term of terms) {
        const list = byTerm.get(term);
        if (list) list.push(home);
        else byTerm.set(term, [home]);
      }
    }
    home.wordings.push(wording);
    home.count += wording.count;
  }
  return groups
    .map((group) => {
      const [first, ...rest] = group.wordings;
      return {
        question: first?.question ?? "",
        count: group.count,
        variants: rest.slice(0, 5).map((wording) => wording.question),
        lastAskedAt: group.wordings.reduce(
          (latest, wording) => (wording.lastAskedAt > latest ? wording.lastAskedAt : latest),
          "",
        ),
      };
    })
    .sort(
      (left, right) => right.count - left.count || (left.lastAskedAt < right.lastAskedAt ? 1 : -1),
    );
}
