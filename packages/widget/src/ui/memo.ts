import { Component, type ComponentChildren } from "preact";
import type { UiProps } from "./ui-context.js";

/**
 * Skips rendering a component whose props are shallowly equal to the last ones. The component
 * must read its state from props only (not from signals), or it would miss their changes.
 */
export function memo<Props extends object>(
  render: (props: Props, context: UiProps) => ComponentChildren,
) {
  return class Memoised extends Component<Props> {
    override shouldComponentUpdate(next: Props): boolean {
      const previous = this.props as Record<string, unknown>;
      return Object.keys(next).some(
        (key) => (next as Record<string, unknown>)[key] !== previous[key],
      );
    }
    override render(props: Props) {
      return render(props, this.context as UiProps);
    }
  };
}
