import { effect, signal } from "@preact/signals";

export type Theme = "light" | "dark";

const stored = localStorage.getItem("nexus-console-theme");
/** The console's colours: the system's until the operator picks one. */
export const theme = signal<Theme>(
  stored === "light" || stored === "dark"
    ? stored
    : matchMedia("(prefers-color-scheme: dark)").matches
      ? "dark"
      : "light",
);

effect(() => {
  document.documentElement.dataset.theme = theme.value;
});

export function toggleTheme(): void {
  theme.value = theme.value === "dark" ? "light" : "dark";
  localStorage.setItem("nexus-console-theme", theme.value);
}
