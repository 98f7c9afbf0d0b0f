import type { NexusChatWidgetGlobal, WidgetInstance } from "@nexus-chat/protocol";

/** What the host page's probe script (see host-page.ts) exposes to the bench. */
export interface PageProbe {
  longTasks: { start: number; duration: number }[];
  /** `performance.now()` when the launcher was first visible in an animation frame. */
  launcherVisibleAt: number | null;
  /** `Date.now()` of every animation frame while a stream is watched. */
  frames: number[];
  /** Probe key → `Date.now()` when its link entered the DOM. */
  seen: Map<string, number>;
  endSeenAt: number | null;
  watchLauncher(): void;
  watchStream(endKey: string, countFrames: boolean): void;
  stopWatching(): void;
  widgetScope(): Element | ShadowRoot | null;
}

declare global {
  interface Window {
    __nexusBench: PageProbe;
    __nexusWidget: WidgetInstance;
    NexusChatWidget: NexusChatWidgetGlobal;
  }
}
