import type { ChatController } from "../chat/chat-controller.js";

/**
 * A click (or middle click) that may be on a link in an answer or the disclaimer: the controller
 * decides what it means; here only the DOM is read and the browser's default kept or stopped.
 */
export function followLink(controller: ChatController, event: MouseEvent, queryId?: string): void {
  const anchor = (event.target as Element | null)?.closest?.("a");
  if (!anchor || (event.type !== "click" && event.button !== 1)) return;
  const outcome = controller.clickLink({
    href: anchor.getAttribute("href"),
    text: anchor.textContent ?? "",
    queryId,
  });
  if (outcome.preventDefault) event.preventDefault();
  outcome.handle?.(event);
}
