import { Component, type ComponentChildren, type FunctionComponent } from "preact";

/**
 * Skips re-rendering a component whose props are shallowly equal, like `preact/compat`'s `memo`
 * without pulling in the rest of compat. Signals read inside still re-render it.
 */
export function memo<Props extends object>(
  render: FunctionComponent<Props>,
): FunctionComponent<Props> {
  class Memoised extends Component<Props> {
    override shouldComponentUpdate(next: Props, nextState: object): boolean {
      const previous = this.props as Record<string, unknown>;
      const keys = Object.keys(next);
      // A new state object means setState ran: that is how a signal read in render asks for an update.
      return (
        nextState !== this.state ||
        keys.length !== Object.keys(previous).length ||
        keys.some((key) => (next as Record<string, unknown>)[key] !== previous[key])
      );
    }
    override render(props: Props): ComponentChildren {
      return render(props);
    }
  }
  return Memoised as unknown as FunctionComponent<Props>;
}
