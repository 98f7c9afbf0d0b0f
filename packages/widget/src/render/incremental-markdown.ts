import type { MarkedToken, Token, Tokens } from "marked";
import { lexMarkdown } from "./lean-block-rules.js";
import { renderTokens } from "./render-tokens.js";
import { sanitizeToFragment } from "./sanitize.js";

/** Runs a callback before the next paint (or soon, where there is no painting). */
export type FrameScheduler = (callback: () => void) => void;

const nextFrame: FrameScheduler = (callback) =>
  typeof requestAnimationFrame === "function"
    ? requestAnimationFrame(callback)
    : setTimeout(callback, 16);

/** The open block is a list: its items but the last are finished and never parsed again. */
interface OpenList {
  /** The list's element in the DOM. */
  element: Element;
  /** The source of its finished items, from the start of the list. */
  finishedSource: string;
  /** The elements of its open items: the last item and any added since the last frame. */
  openItems: ChildNode[];
  /** Whether the list is loose (its items' text in paragraphs), which its finished items fixed. */
  loose: boolean;
}

/**
 * Renders streaming markdown into an element in time linear in the answer's length. Blocks that
 * are followed by another block are finished: they are parsed, sanitised and appended once and
 * never touched again. Only the last, still open block is parsed again, at most once per frame;
 * when that block is a list, only its last item is (answers often are one long list).
 */
export class IncrementalMarkdown {
  private text = "";
  /** Length of the text already rendered into finished blocks. */
  private finishedLength = 0;
  /** The text of the finished blocks, to tell an extended text from a replaced one. */
  private finishedText = "";
  private openNodes: ChildNode[] = [];
  private openList?: OpenList;
  private pending = false;
  private disposed = false;

  constructor(
    private readonly element: HTMLElement,
    private readonly schedule: FrameScheduler = nextFrame,
  ) {}

  /** Sets the full text so far; renders on the next frame. */
  update(text: string): void {
    if (text === this.text) return;
    // Only remember it: comparing it with what is rendered costs its whole length, so that is
    // done once per flush, not once per chunk.
    this.text = text;
    if (this.pending) return;
    this.pending = true;
    this.schedule(() => this.flush());
  }

  /** Renders what is pending now (used when an answer completes). */
  flush(): void {
    this.pending = false;
    if (this.disposed) return;
    if (!this.text.startsWith(this.finishedText)) {
      // The text was replaced rather than extended: start over.
      this.finishedLength = 0;
      this.finishedText = "";
      this.openNodes = [];
      this.openList = undefined;
      this.element.replaceChildren();
    }
    if (this.openList) {
      const list = this.continueList(this.openList);
      if (list === "open") return;
      // Finished (what follows is rendered below), or no longer a continuation: the whole open
      // block is parsed again and morphed into the list's element, which stays in openNodes.
      this.openList = undefined;
    }
    const tokens = lexMarkdown(this.text.slice(this.finishedLength));
    let last = lastBlock(tokens, tokens.length);
    if (mayJoinList(tokens, last)) last = lastBlock(tokens, last);
    const fresh = document.createDocumentFragment();
    for (const token of tokens.slice(0, last)) {
      this.finishedLength += token.raw.length;
      this.finishedText += token.raw;
      if (token.type !== "space") fresh.append(render([token]));
    }
    const openStart = fresh.childNodes.length;
    fresh.append(render(tokens.slice(last)));
    // The open block's DOM is updated in place rather than replaced, so a frame that adds a few
    // words changes one text node instead of re-creating every element of the block (and Blink
    // then restyles, lays out and paints only what changed).
    this.openNodes = morphNodes(this.element, this.openNodes, [...fresh.childNodes]).slice(
      openStart,
    );
    const open = tokens[last] as MarkedToken | undefined;
    const [element] = this.openNodes;
    if (open?.type === "list" && element?.nodeType === 1 && this.openNodes.length === 1) {
      const list: OpenList = {
        element: element as Element,
        finishedSource: "",
        openItems: [...element.childNodes],
        loose: open.loose,
      };
      this.finishItems(list, open);
      this.openList = list;
    }
  }

  /**
   * Renders the text after the open list's finished items, which starts with the list's last item
   * and, parsed on its own, gives the same items as the whole list would. Returns whether the list
   * is still open, finished (another block follows it) or no longer continued by the text.
   */
  private continueList(list: OpenList): "open" | "finished" | "broken" {
    if (!this.text.startsWith(list.finishedSource, this.finishedLength)) return "broken";
    const start = this.finishedLength + list.finishedSource.length;
    const tokens = lexMarkdown(this.text.slice(start));
    const items = tokens[0] as MarkedToken | undefined;
    if (items?.type !== "list" || mayJoinList(tokens, lastBlock(tokens, tokens.length))) {
      return "broken";
    }
    // Looseness belongs to the whole list. A list that becomes loose is rendered again at once;
    // items added to a loose list get its paragraphs, as marked gives them in the whole list.
    if (items.loose !== list.loose) {
      if (!list.loose) return "broken";
      for (const item of items.items) {
        item.loose = true;
        for (const token of item.tokens) if (token.type === "text") token.type = "paragraph";
      }
    }
    const fresh = render([items]).firstChild;
    if (fresh?.nodeName !== list.element.nodeName) return "broken";
    list.openItems = morphNodes(list.element, list.openItems, [...fresh.childNodes]);
    if (tokens.some((token, index) => index > 0 && token.type !== "space")) {
      const source = list.finishedSource + items.raw;
      this.finishedLength += source.length;
      this.finishedText += source;
      this.openNodes = [];
      return "finished";
    }
    this.finishItems(list, items);
    return "open";
  }

  /** Marks all items of `items` but the last as finished; their elements are left alone from now on. */
  private finishItems(list: OpenList, items: Tokens.List): void {
    if (list.openItems.length !== items.items.length) return;
    for (const item of items.items.slice(0, -1)) list.finishedSource += item.raw;
    list.openItems = list.openItems.slice(-1);
  }

  dispose(): void {
    this.disposed = true;
  }
}

/**
 * Makes the nodes `current` (the last children of `parent`) equal to `next`: nodes of the same
 * kind are kept and updated (text data, children), others are replaced, extra ones removed or
 * appended. Returns the nodes now in place of `next`.
 */
function morphNodes(
  parent: Node,
  current: readonly ChildNode[],
  next: readonly ChildNode[],
): ChildNode[] {
  const result: ChildNode[] = [];
  const count = Math.max(current.length, next.length);
  for (let index = 0; index < count; index += 1) {
    const existing = current[index];
    const wanted = next[index];
    if (wanted === undefined) {
      existing?.remove();
    } else if (existing === undefined) {
      parent.appendChild(wanted);
      result.push(wanted);
    } else if (existing.nodeType === 3 && wanted.nodeType === 3) {
      const data = (wanted as Text).data;
      if ((existing as Text).data !== data) (existing as Text).data = data;
      result.push(existing);
    } else if (isSameElement(existing, wanted)) {
      morphNodes(existing, [...existing.childNodes], [...wanted.childNodes]);
      result.push(existing);
    } else {
      existing.replaceWith(wanted);
      result.push(wanted);
    }
  }
  return result;
}

/** Same tag and the same attributes with the same values. */
function isSameElement(existing: Node, wanted: Node): boolean {
  if (existing.nodeType !== 1 || wanted.nodeType !== 1) return false;
  const a = existing as Element;
  const b = wanted as Element;
  if (a.tagName !== b.tagName || a.attributes.length !== b.attributes.length) return false;
  for (const attribute of Array.from(b.attributes)) {
    if (a.getAttribute(attribute.name) !== attribute.value) return false;
  }
  return true;
}

/** The index of the last token before `end` that is not blank space (0 if there is none). */
function lastBlock(tokens: readonly Token[], end: number): number {
  let index = end - 1;
  while (index > 0 && tokens[index]?.type === "space") index--;
  return Math.max(index, 0);
}

/**
 * Whether the block at `index` may still become the next item of the list before it: a number
 * alone ("3" of "3. …") parses as a paragraph until its marker is complete.
 */
function mayJoinList(tokens: readonly Token[], index: number): boolean {
  const token = tokens[index];
  return (
    index > 0 &&
    token?.type === "paragraph" &&
    /^ {0,3}\d{1,9}$/.test(token.raw) &&
    tokens[lastBlock(tokens, index)]?.type === "list"
  );
}

function render(tokens: Token[]): DocumentFragment {
  return sanitizeToFragment(renderTokens(tokens));
}
