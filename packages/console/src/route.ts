import { signal } from "@preact/signals";

/** The page shown, from the address's hash: `#/conversations/<id>` is `["conversations", "<id>"]`. */
export const route = signal<string[]>(parse());

function parse(): string[] {
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  return parts.length > 0 ? parts.map(decodeURIComponent) : ["conversations"];
}

addEventListener("hashchange", () => {
  route.value = parse();
});

/** Goes to a page. */
export function navigate(...parts: string[]): void {
  location.hash = `#/${parts.map(encodeURIComponent).join("/")}`;
}
