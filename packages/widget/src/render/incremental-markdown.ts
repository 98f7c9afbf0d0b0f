import { Lexer, type Token } from "marked";
import { renderTokens } from "./render-tokens.js";
import { sanitizeToFragment } from "./sanitize.js";

/** Runs a callback before the next paint (or soon, where there is no painting). */
export type FrameScheduler = (callback: () => void) => void;

const nextFrame: FrameScheduler = (callback) =>
  typeof requestAnimationFrame === "function"
    ? requestAnimationFrame(callback)
    : setTimeout(callback, 16);

const markedOptions = { gfm: true, breaks: false };

/**
 * Renders streaming markdown into an element in time linear in the answer's length. Blocks that
 * are followed by another block are finished: they are parsed, sanitised and appended once and
 * never touched again. Only the last, still open block is parsed again, at most once per frame.
 */
export class IncrementalMarkdown {
  private text = "";
  /** Length of the text already rendered into finished blocks. */
  private finishedLength = 0;
  /** The text of the finished blocks, to tell an extended text from a replaced one. */
  private finishedText = "";
  private openNodes: ChildNode[] = [];
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
      this.element.replaceChildren();
    }
    const tokens = Lexer.lex(this.text.slice(this.finishedLength), markedOptions);
    let last = tokens.length - 1;
    while (last > 0 && tokens[last]?.type === "space") last--;
    const fresh = document.createDocumentFragment();
    for (const token of tokens.slice(0, Math.max(last, 0))) {
      this.finishedLength += token.raw.length;
      this.finishedText += token.raw;
      if (token.type !== "space") fresh.append(render([token]));
    }
    const openStart = fresh.childNodes.length;
    fresh.append(render(tokens.slice(Math.max(last, 0))));
    // The open block's DOM is updated in place rather than replaced, so a frame that adds a few
    // words changes one text node instead of re-creating every element of the block (and Blink
    // then restyles, lays out and paints only what changed).
    this.openNodes = morphNodes(this.element, this.openNodes, [...fresh.childNodes]).slice(
      openStart,
    );
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

function render(tokens: Token[]): DocumentFragment {
  return sanitizeToFragment(renderTokens(tokens));
}
