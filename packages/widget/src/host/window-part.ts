import { effect, type ReadonlySignal } from "@preact/signals-core";
import { createRef } from "preact";
import type { Settings } from "../config/resolve-settings.js";
import type { ChatStore } from "../state/chat-store.js";
import type { Emit } from "../chat/emit.js";
import type { Host } from "./host.js";

export interface WindowPartOptions {
  host: Host;
  root: HTMLElement;
  settings: ReadonlySignal<Settings>;
  modeNames(): string[];
  store: ChatStore;
  emit: Emit;
  /** Runs `callback` once the next render has reached the DOM. */
  afterPaint(callback: () => void): void;
  /** Called when the window opens (the stored session is checked then). */
  onOpen(): void;
  /** Called when the window closes (speech stops then). */
  onClose(): void;
}

export type WindowPart = ReturnType<typeof createWindowPart>;

/** The chat window: opening and closing it (with focus), and its size among the sizing modes. */
export function createWindowPart(options: WindowPartOptions) {
  const { host, store, settings, emit, modeNames } = options;
  const launcherRef = createRef<HTMLButtonElement>();
  const inputRef = createRef<HTMLTextAreaElement>();
  const windowRef = createRef<HTMLDivElement>();
  let stopEffect: (() => void) | undefined;
  if (settings.peek().embedded) store.isOpen.value = true;

  const focusIsInside = (): boolean => {
    const active = document.activeElement;
    return active === document.body || active === null || options.root.contains(active);
  };

  const open = (): void => {
    if (host.stopped || store.isOpen.value) return;
    store.isOpen.value = true;
    emit("open", {});
    options.onOpen();
    options.afterPaint(() => {
      const field = inputRef.current;
      if (settings.value.input.autoFocus && field && !field.disabled) field.focus();
      else windowRef.current?.focus();
    });
  };
  const close = (): void => {
    if (host.stopped || settings.value.embedded || !store.isOpen.value) return;
    const hadFocus = focusIsInside();
    store.isOpen.value = false;
    options.onClose();
    emit("close", {});
    if (hadFocus) launcherRef.current?.focus();
  };
  const changeMode = (name: string, event: "minimize" | "maximize"): void => {
    const previousMode = store.mode.value;
    if (host.stopped || name === previousMode) return;
    store.mode.value = name;
    emit(event, { previousMode });
  };
  const minimize = (): void => {
    const names = modeNames();
    const index = names.indexOf(store.mode.value);
    if (index > 0) changeMode(names[index - 1] as string, "minimize");
  };
  const maximize = (): void => {
    const names = modeNames();
    changeMode(names[names.length - 1] as string, "maximize");
  };

  return {
    launcherRef,
    inputRef,
    windowRef,
    open,
    close,
    toggle: (): void => (store.isOpen.value ? close() : open()),
    minimize,
    maximize,
    toggleSize(): void {
      const names = modeNames();
      if (store.mode.value === names[names.length - 1]) minimize();
      else maximize();
    },
    connect() {
      // New options (the experience's stored ones) may not have the current mode.
      stopEffect = effect(() => {
        if (!modeNames().includes(store.mode.peek())) {
          store.mode.value = settings.value.sizing.defaultMode;
        }
      });
    },
    disconnect() {
      stopEffect?.();
    },
  };
}
