import type { IngestionDocument } from "@nexus-chat/protocol";

// A deterministic vocabulary, so runs compare: topics × aspects give distinct, searchable text.
const topics = [
  "tent",
  "stove",
  "lantern",
  "backpack",
  "boots",
  "jacket",
  "sleeping bag",
  "water filter",
  "kayak",
  "bicycle",
  "helmet",
  "rope",
  "harness",
  "compass",
  "map",
  "headlamp",
  "battery",
  "cooler",
  "hammock",
  "tarp",
];
const aspects = [
  "cleaning",
  "storage",
  "repair",
  "warranty",
  "returns",
  "shipping",
  "sizing",
  "fitting",
  "care",
  "safety",
  "materials",
  "weight",
  "price",
  "rental",
  "trade-in",
  "recall",
  "insurance",
  "maintenance",
  "accessories",
  "travel",
];
const fillers = [
  "Check the label before you start.",
  "Our store staff can help in person.",
  "Keep the receipt for at least a year.",
  "See [the guide](https://example.com/guides) for pictures.",
  "Ask for help: [Talk to an agent](action:escalate-to-agent).",
  "Most problems are solved in a few minutes.",
];

/** `passages` passages in documents of `sectionsPerDocument` sections each. */
export function generateKnowledgeBase(
  passages: number,
  sectionsPerDocument = 10,
): IngestionDocument[] {
  const documents: IngestionDocument[] = [];
  for (let documentIndex = 0; documentIndex * sectionsPerDocument < passages; documentIndex += 1) {
    const topic = topics[documentIndex % topics.length]!;
    const sections: string[] = [`# ${topic} handbook ${documentIndex + 1}`];
    for (
      let section = 0;
      section < sectionsPerDocument && documentIndex * sectionsPerDocument + section < passages;
      section += 1
    ) {
      const aspect = aspects[(documentIndex + section) % aspects.length]!;
      const filler = fillers[(documentIndex * 7 + section) % fillers.length]!;
      sections.push(
        `## ${topic} ${aspect} (${documentIndex}.${section})\n\n` +
          `For ${aspect} of your ${topic}, follow these steps: inspect it, note model ${documentIndex}-${section}, ` +
          `and compare with the ${aspect} chart. ${filler} Item code ${documentIndex * 1000 + section} applies.`,
      );
    }
    documents.push({ content: sections.join("\n\n"), externalId: `generated/${documentIndex}.md` });
  }
  return documents;
}

/** Questions that hit the generated knowledge base. */
export function generateQuestions(count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const topic = topics[index % topics.length]!;
    const aspect = aspects[(index * 3) % aspects.length]!;
    return `How does ${aspect} work for my ${topic}?`;
  });
}
