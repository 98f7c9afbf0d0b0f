import { Component, createRef } from "preact";
import type { IncrementalMarkdown } from "../render/markdown-chunk.js";
import { loadMarkdown, loadedMarkdown } from "../render/load-markdown.js";

interface MarkdownBodyProps {
  text: string;
  /** While true, a typing cursor shows. */
  streaming?: boolean;
}

/**
 * Markdown rendered by {@link IncrementalMarkdown} into an element Preact never touches, so a
 * streamed answer costs only its new text on each update. The widget renders at most once per
 * frame while an answer streams, so each update is written at once.
 *
 * The renderer lives in the lazily loaded markdown chunk. Until it has arrived (or if it cannot
 * be loaded) the text shows as plain text, which is always safe, and nothing is lost: the
 * markdown replaces it as soon as the chunk is there.
 */
export class MarkdownBody extends Component<MarkdownBodyProps> {
  private element = createRef<HTMLDivElement>();
  private renderer?: IncrementalMarkdown;
  private unmounted = false;
  /** The markdown renderer has run at least once (plain text is not enough). */
  private rendered = false;

  override componentDidMount(): void {
    if (!this.startRenderer()) {
      loadMarkdown().then(
        () => {
          if (!this.unmounted && !this.rendered && this.startRenderer()) this.componentDidUpdate();
        },
        () => undefined,
      );
    }
    this.componentDidUpdate();
  }

  override shouldComponentUpdate(next: MarkdownBodyProps): boolean {
    return next.text !== this.props.text || next.streaming !== this.props.streaming;
  }

  override componentDidUpdate(): void {
    // Another message's request may have brought the chunk since this one's failed.
    if (!this.renderer && !this.startRenderer()) return this.showPlainText();
    const renderer = this.renderer as IncrementalMarkdown;
    renderer.update(this.props.text);
    renderer.flush();
    if (!this.props.streaming) {
      // A finished text is in the DOM for good: nothing of it is kept here besides the element.
      // Should the text ever change, a fresh renderer starts over from the element.
      renderer.dispose();
      this.renderer = undefined;
    }
  }

  override componentWillUnmount(): void {
    this.unmounted = true;
    this.renderer?.dispose();
  }

  override render({ streaming }: MarkdownBodyProps) {
    return <div ref={this.element} class={streaming ? "nxc-md nxc-typing" : "nxc-md"} />;
  }

  /** Creates the renderer if the chunk is there; says whether it is. */
  private startRenderer(): boolean {
    const markdown = loadedMarkdown();
    const element = this.element.current;
    if (!markdown || !element) return false;
    element.replaceChildren();
    this.renderer = new markdown.IncrementalMarkdown(element, () => undefined);
    this.rendered = true;
    return true;
  }

  /** The text as written, its line breaks kept: only text nodes and `<br>`, nothing parsed. */
  private showPlainText(): void {
    const lines = this.props.text.split("\n");
    (this.element.current as HTMLDivElement).replaceChildren(
      ...lines.flatMap((line, index) => (index ? [document.createElement("br"), line] : [line])),
    );
  }
}
