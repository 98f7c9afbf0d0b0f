/**
 * Copies text to the clipboard. Falls back to a selected off-screen textarea and
 * `execCommand("copy")` where the Clipboard API is missing or refused (insecure pages, no focus).
 */
export async function writeClipboard(
  text: string,
  scratchParent: Element | ShadowRoot,
): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "nxc-sr";
    scratchParent.append(area);
    area.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}
