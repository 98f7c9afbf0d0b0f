import { effect, signal, type ReadonlySignal } from "@preact/signals-core";
import type { Settings } from "../config/resolve-settings.js";

/** The theme on the widget's element: "light", "dark", or, for "auto", the visitor's, live. */
export function createColourSchemePart(mount: HTMLElement, settings: ReadonlySignal<Settings>) {
  const darkQuery = matchMedia("(prefers-color-scheme: dark)");
  const prefersDark = signal(darkQuery.matches);
  const onChange = (): void => void (prefersDark.value = darkQuery.matches);
  let stopEffect: (() => void) | undefined;
  return {
    connect() {
      darkQuery.addEventListener("change", onChange);
      stopEffect = effect(() => {
        const { theme } = settings.value;
        mount.dataset.theme = theme === "auto" ? (prefersDark.value ? "dark" : "light") : theme;
      });
    },
    disconnect() {
      stopEffect?.();
      darkQuery.removeEventListener("change", onChange);
    },
  };
}
