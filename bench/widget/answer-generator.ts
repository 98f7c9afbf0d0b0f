/**
 * Deterministic markdown answers cut into stream chunks of about four words, like a language model's
 * token stream. Every link carries a unique href, so the page can tell when the chunk that completed it
 * reached the DOM: those links are the probes of the render-lag measurement.
 */

/** A generated answer and what the bench needs to follow it through the widget. */
export interface GeneratedAnswer {
  /** The `text-delta` payloads, in order. */
  chunks: string[];
  /** The whole answer, as `query-end` carries it. */
  markdown: string;
  /** Probe link href → index of the chunk that completes the link. */
  probes: Map<string, number>;
  /** The href of the link in the last chunk: once it is in the DOM, the whole answer is. */
  endHref: string;
}

const vocabulary = (
  "widget answer stream chunk render browser session token server client message window button " +
  "launcher install script config option theme colour event handler query passage source link " +
  "document page visitor support agent question reply feedback analytics privacy storage tab " +
  "network request response header cache frame paint layout style signal update value list item " +
  "the a of to and in for with on that this from by is are can will should may when then"
).split(" ");

const codeLines = [
  "const widget = NexusChatWidget.init({ experienceId, apiUrl });",
  'widget.on("messageReceived", (event) => console.log(event.text));',
  "await widget.sendMessage(question);",
  "if (!response.ok) throw new Error(`status ${response.status}`);",
  "for (const item of items) total += item.size;",
  "export function format(value: number): string {",
  "  return value.toFixed(2);",
  "}",
];

/** mulberry32: a small seeded generator, so every run streams exactly the same text. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

const probeOrigin = "https://docs.example.test";

/**
 * Builds an answer of exactly `chunkCount` chunks: headings, paragraphs with inline code, emphasis and
 * links, bulleted and numbered lists, and fenced code blocks, in a repeating but varied order.
 */
export function generateAnswer(chunkCount: number, seed = 1): GeneratedAnswer {
  if (chunkCount < 2) throw new RangeError("an answer needs at least two chunks");
  const random = createRandom(seed);
  const pick = <Item>(items: readonly Item[]): Item =>
    items[Math.floor(random() * items.length)] as Item;
  const words = (count: number): string =>
    Array.from({ length: count }, () => pick(vocabulary)).join(" ");

  let linkNumber = 0;
  const link = (): string => {
    linkNumber += 1;
    return `[${words(2)}](${probeOrigin}/${seed}/page-${linkNumber}.html)`;
  };
  const sentence = (): string => {
    const parts = [words(3 + Math.floor(random() * 6))];
    const flavour = random();
    if (flavour < 0.25) parts.push(`\`${pick(vocabulary)}()\``);
    else if (flavour < 0.45) parts.push(`**${words(2)}**`);
    else if (flavour < 0.65) parts.push(link());
    parts.push(words(2 + Math.floor(random() * 5)));
    const text = parts.join(" ");
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };

  const blocks: string[] = [];
  const targetWords = chunkCount * 4;
  let wordTotal = 0;
  let blockNumber = 0;
  // Generate comfortably more text than needed, then cut it into chunks.
  while (wordTotal < targetWords * 1.2 + 40) {
    let block: string;
    switch (blockNumber % 7) {
      case 0:
        block = `## ${words(3)}`;
        break;
      case 2:
        block = Array.from({ length: 3 + Math.floor(random() * 3) }, () => `- ${sentence()}`).join(
          "\n",
        );
        break;
      case 4:
        block = [
          "```ts",
          ...Array.from({ length: 3 + Math.floor(random() * 4) }, () => pick(codeLines)),
          "```",
        ].join("\n");
        break;
      case 5:
        block = Array.from({ length: 3 }, (_, index) => `${index + 1}. ${sentence()}`).join("\n");
        break;
      default:
        block = Array.from({ length: 2 + Math.floor(random() * 3) }, () => sentence()).join(" ");
    }
    blocks.push(block);
    wordTotal += block.split(/\s+/).length;
    blockNumber += 1;
  }

  // A token is a word with the whitespace after it, so joining chunks restores the text exactly.
  const tokens = blocks.join("\n\n").match(/\S+\s*/g) ?? [];
  const chunks: string[] = [];
  let cursor = 0;
  for (let index = 0; index < chunkCount - 1; index += 1) {
    chunks.push(tokens.slice(cursor, cursor + 4).join(""));
    cursor += 4;
  }
  const endHref = `${probeOrigin}/${seed}/end.html`;
  // The last chunk closes any open code fence first, so the end link is rendered as a link.
  const body = chunks.join("");
  const fenceOpen = (body.match(/^```/gm) ?? []).length % 2 === 1;
  chunks.push(`${fenceOpen ? "\n```" : ""}\n\n[end of answer](${endHref})`);

  const probes = new Map<string, number>();
  let offset = 0;
  const markdown = chunks.join("");
  const chunkEnds = chunks.map((chunk) => (offset += chunk.length));
  // Code blocks are drawn from `codeLines`, which hold no markdown link, so every match is a real link.
  for (const match of markdown.matchAll(/\]\((https:\/\/docs\.example\.test\/[^)]+)\)/g)) {
    const linkEnd = (match.index ?? 0) + match[0].length;
    const chunkIndex = chunkEnds.findIndex((end) => end >= linkEnd);
    if (match[1] !== undefined && chunkIndex >= 0) probes.set(match[1], chunkIndex);
  }
  return { chunks, markdown, probes, endHref };
}
