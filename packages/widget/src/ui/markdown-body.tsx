import { Component, createRef } from "preact";
import { IncrementalMarkdown } from "../render/incremental-markdown.js";

interface MarkdownBodyProps {
  text: string;
  /** While true, a typing cursor shows. */
  streaming?: boolean;
}

/**
 * Markdown rendered by {@link IncrementalMarkdown} into an element Preact never touches, so a
 * streamed answer costs only its new text on each update. The widget renders at most once per
 * frame while an answer streams, so each update is written at once.
 */
export class MarkdownBody extends Component<MarkdownBodyProps> {
  private element = createRef<HTMLDivElement>();
  private renderer?: IncrementalMarkdown;

  override componentDidMount(): void {
    this.renderer = new IncrementalMarkdown(
      this.element.current as HTMLDivElement,
      () => undefined,
    );
    this.componentDidUpdate();
  }

  override shouldComponentUpdate(next: MarkdownBodyProps): boolean {
    return next.text !== this.props.text || next.streaming !== this.props.streaming;
  }

  override componentDidUpdate(): void {
    const renderer = this.renderer as IncrementalMarkdown;
    renderer.update(this.props.text);
    renderer.flush();
  }

  override componentWillUnmount(): void {
    this.renderer?.dispose();
  }

  override render({ streaming }: MarkdownBodyProps) {
    return <div ref={this.element} class={streaming ? "nxc-md nxc-typing" : "nxc-md"} />;
  }
}
