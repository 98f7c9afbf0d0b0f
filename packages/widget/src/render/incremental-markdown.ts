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
    for (const node of this.openNodes) node.remove();
    for (const token of tokens.slice(0, Math.max(last, 0))) {
      this.finishedLength += token.raw.length;
      this.finishedText += token.raw;
      if (token.type !== "space") this.element.append(render([token]));
    }
    const open = render(tokens.slice(Math.max(last, 0)));
    this.openNodes = [...open.childNodes];
    this.element.append(open);
  }

  dispose(): void {
    this.disposed = true;
  }
}

function render(tokens: Token[]): DocumentFragment {
  return sanitizeToFragment(renderTokens(tokens));
}

/** Renders complete markdown at once (disclaimers, welcome messages). */
export function renderMarkdown(element: HTMLElement, text: string): void {
  const renderer = new IncrementalMarkdown(element, () => undefined);
  renderer.update(text);
  renderer.flush();
}
