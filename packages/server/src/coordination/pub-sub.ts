/** Receives the messages published on a channel. */
export type MessageListener = (message: string) => void;

/**
 * Publish/subscribe by channel name. Messages are strings (JSON, typically); delivery is at most
 * once and only to subscribers present when the message is published.
 */
export interface PubSub {
  publish(channel: string, message: string): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(channel: string, listener: MessageListener): () => void;
}

/** Channels and their listeners, in this process; delivery copies the list first. */
export class LocalChannels implements PubSub {
  private readonly listeners = new Map<string, Set<MessageListener>>();

  async publish(channel: string, message: string): Promise<void> {
    this.deliver(channel, message);
  }

  /** Delivers to this process's listeners; a listener that throws does not stop the others. */
  deliver(channel: string, message: string): void {
    for (const listener of [...(this.listeners.get(channel) ?? [])]) {
      try {
        listener(message);
      } catch {
        // A subscriber's failure is its own.
      }
    }
  }

  subscribe(channel: string, listener: MessageListener): () => void {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(channel) === set) this.listeners.delete(channel);
    };
  }

  /** Channels with at least one listener. */
  channels(): string[] {
    return [...this.listeners.keys()];
  }
}
