/** A piece of one widget with resources of its own (listeners, timers, effects, DOM). */
export interface Part {
  /** Takes its resources; called once, when the part is added. */
  connect?(): void;
  /** Gives them back; called once, when the widget is destroyed. */
  disconnect?(): void;
}

/** Owns a widget's parts: connects each as it is added, disconnects them in reverse order. */
export interface Host {
  add<P extends Part>(part: P): P;
  /** True from the moment `stop` is called: parts then ignore late callbacks. */
  readonly stopped: boolean;
  stop(): void;
}

export function createHost(): Host {
  const parts: Part[] = [];
  let stopped = false;
  return {
    add(part) {
      parts.push(part);
      part.connect?.();
      return part;
    },
    get stopped() {
      return stopped;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      // A later part may use an earlier one, never the reverse: so the later one goes first.
      for (const part of parts.reverse()) part.disconnect?.();
      parts.length = 0;
    },
  };
}
