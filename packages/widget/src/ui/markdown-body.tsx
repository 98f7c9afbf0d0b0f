import { useLayoutEffect, useRef } from "preact/hooks";
import { IncrementalMarkdown } from "../render/incremental-markdown.js";

interface MarkdownBodyProps {
  text: string;
  /** While true, rendering is batched per frame and a typing cursor shows. */
  streaming?: boolean;
  /** Called after content was written (to keep the transcript scrolled to the end). */
  onRender?: () => void;
}

/**
 * Markdown rendered by {@link IncrementalMarkdown} into an element Preact never touches, so a
 * streamed answer costs only its new text on each update.
 */
export function MarkdownBody({ text, streaming = false, onRender }: MarkdownBodyProps) {
  const element = useRef<HTMLDivElement>(null);
  const renderer = useRef<IncrementalMarkdown>(undefined);
  useLayoutEffect(() => {
    const instance = new IncrementalMarkdown(element.current as HTMLDivElement, (callback) =>
      requestAnimationFrame(() => {
        callback();
        onRender?.();
      }),
    );
    renderer.current = instance;
    return () => instance.dispose();
  }, []);
  useLayoutEffect(() => {
    const instance = renderer.current as IncrementalMarkdown;
    instance.update(text);
    if (!streaming) {
      instance.flush();
      onRender?.();
    }
  }, [text, streaming]);
  return <div ref={element} class={streaming ? "nxc-md nxc-typing" : "nxc-md"} />;
}
