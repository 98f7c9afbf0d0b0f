/**
 * The widget script's own URL, read while the script tag's code runs (document.currentScript is
 * null afterwards). A page may also have loaded the script in a way that leaves it null. Only the
 * script-tag build uses it, to import its chunks from beside itself.
 */
export const scriptUrl =
  (document.currentScript as HTMLScriptElement | null)?.src ||
  document.querySelector<HTMLScriptElement>('script[src*="nexus-chat-widget"]')?.src;
