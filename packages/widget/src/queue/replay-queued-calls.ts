import type { WidgetConfig, WidgetInstance } from "@nexus-chat/protocol";

/** One `init` call made before the script loaded: its options, the calls made on its stand-in, the stand-in. */
export type QueuedInit = [WidgetConfig, [string, unknown[]][], Record<string, unknown>];

/** What the loader snippet leaves on `window.NexusChatWidget`. */
export interface QueueStub {
  q: QueuedInit[];
}

/**
 * Creates the widgets the loader snippet queued, replays the calls recorded on each stand-in in
 * order, then points the stand-in's methods at the real instance, so the object the page kept
 * from the snippet's `init` keeps working.
 */
export function replayQueuedCalls(
  stub: unknown,
  init: (config: WidgetConfig) => WidgetInstance,
): void {
  const queue = (stub as Partial<QueueStub> | undefined)?.q;
  if (!Array.isArray(queue)) return;
  for (const [config, calls, standIn] of queue) {
    const instance = init(config) as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const [method, args] of calls ?? []) {
      try {
        instance[method]?.(...args);
      } catch (error) {
        console.error(`[nexus-chat] A queued ${method}() call failed:`, error);
      }
    }
    if (standIn) Object.assign(standIn, instance);
  }
}
