import { effect, type ReadonlySignal } from "@preact/signals-core";
import { h, render } from "preact";
import type { ChatStore } from "../state/chat-store.js";
import { App } from "../ui/app.js";
import { UiProvider, type UiContextValue } from "../ui/ui-context.js";
import { createUiEvents, delegatedEvents } from "../ui/ui-events.js";
import type { Host } from "./host.js";

export interface RenderingPartOptions {
  host: Host;
  store: ChatStore;
  /** Where the UI renders. */
  mount: HTMLElement;
  /** The element that must be in the page for a render to happen. */
  root: HTMLElement;
  /** Puts the root into the page; called once the page has a body. */
  attach(): void;
  /** The first render waits until this is true (the language pack), at most {@link readyWait} ms. */
  ready: ReadonlySignal<boolean>;
  /** Everything the components read, less what this part adds. */
  context: Omit<UiContextValue, "afterPaint" | "scrollToEnd">;
}

export type RenderingPart = ReturnType<typeof createRenderingPart>;

/** How long the first render waits for a language pack before it shows English. */
export const readyWait = 3000;

/**
 * Renders the UI. One effect tracks every signal the components read during a (synchronous)
 * render and schedules the next render, at most once per frame, when any of them changes. The
 * UI's clicks, keys and input are handled by one listener per event type on the mount element.
 */
export function createRenderingPart(options: RenderingPartOptions) {
  const { host, store, mount, root } = options;
  const paintCallbacks: (() => void)[] = [];
  let stopTracking: (() => void) | undefined;
  let paintPending = false;
  let paintedEvents = -1;
  let paintFrame = 0;
  let paintTimer: ReturnType<typeof setTimeout> | undefined;
  /** A render happened since the last animation frame began. */
  let paintedThisFrame = false;

  const context: UiContextValue = {
    ...options.context,
    scrollToEnd() {
      // The transcript scrolls in reverse: 0 is its end.
      const list = context.transcriptRef.current;
      if (list) list.scrollTop = 0;
    },
    afterPaint(callback) {
      paintCallbacks.push(callback);
      schedulePaint();
    },
  };

  const onUiEvent = createUiEvents(context);

  function paint(): void {
    cancelAnimationFrame(paintFrame);
    clearTimeout(paintTimer);
    if (!paintPending || host.stopped || !root.isConnected) return;
    paintPending = false;
    if (!paintedThisFrame) {
      paintedThisFrame = true;
      requestAnimationFrame(() => (paintedThisFrame = false));
    }
    stopTracking?.();
    let first = true;
    stopTracking = effect(() => {
      if (!first) return schedulePaint();
      first = false;
      render(h(UiProvider, { value: context }, h(App, {})), mount);
    });
    // Sending a message brings the end of the conversation back into view; a growing answer
    // stays in view by itself, because the transcript scrolls in reverse.
    const events = store.events.peek();
    const last = events[events.length - 1];
    if (
      paintedEvents !== (paintedEvents = events.length) &&
      last?.type === "message" &&
      last.role === "user"
    ) {
      context.scrollToEnd();
    }
    for (const callback of paintCallbacks.splice(0)) callback();
  }

  function schedulePaint(): void {
    if (paintPending || host.stopped) return;
    paintPending = true;
    if (store.isStreaming.peek() && paintedThisFrame) {
      // While an answer streams, the first update after a frame is written at once, so it shows
      // in the very next frame; later ones wait for that frame, so a fast stream costs one render
      // per frame. Frames do not run in background tabs: a timer keeps the DOM current there.
      paintFrame = requestAnimationFrame(paint);
      if (document.hidden) paintTimer = setTimeout(paint, 100);
    } else {
      queueMicrotask(paint);
    }
  }

  let mounted = false;
  let stopWaiting: (() => void) | undefined;
  let waitTimer: ReturnType<typeof setTimeout> | undefined;
  const mountUi = (): void => {
    if (host.stopped || mounted) return;
    mounted = true;
    options.attach();
    paintPending = true;
    paint();
  };
  const mountWhenBody = (): void => {
    clearTimeout(waitTimer);
    if (document.body) mountUi();
    else document.addEventListener("DOMContentLoaded", mountUi, { once: true });
  };

  return {
    context,
    afterPaint: context.afterPaint,
    connect() {
      for (const type of delegatedEvents) mount.addEventListener(type, onUiEvent);
      if (options.ready.peek()) return mountWhenBody();
      // A language pack is on its way: the UI shows in the visitor's language from its first frame.
      stopWaiting = effect(() => {
        if (options.ready.value) queueMicrotask(mountWhenBody);
      });
      waitTimer = setTimeout(mountWhenBody, readyWait);
    },
    disconnect() {
      for (const type of delegatedEvents) mount.removeEventListener(type, onUiEvent);
      stopWaiting?.();
      clearTimeout(waitTimer);
      stopTracking?.();
      cancelAnimationFrame(paintFrame);
      clearTimeout(paintTimer);
      document.removeEventListener("DOMContentLoaded", mountUi);
    },
  };
}
