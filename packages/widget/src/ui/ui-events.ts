import type { ActionButton, FeedbackRating } from "@nexus-chat/protocol";
import type { UiContextValue } from "./ui-context.js";
import { followLink } from "./follow-link.js";

/** The DOM events the widget listens to, each once, on its root: never per message or button. */
export const delegatedEvents = ["click", "auxclick", "keydown", "input"] as const;

/** How many more messages "Show earlier messages" reveals, and how many show at first. */
export const transcriptPage = 50;

/**
 * One handler for every interaction with one widget (event delegation). Elements say what a click
 * on them does with `data-nxc-do`; the message it concerns is the closest `data-message-id`. So a
 * long conversation adds elements, never listeners.
 */
export function createUiEvents(nxc: UiContextValue): (event: Event) => void {
  const { store, controller } = nxc;

  const messageOf = (element: Element) => {
    const id = element.closest("[data-message-id]")?.getAttribute("data-message-id");
    return id ? store.findMessage(id) : undefined;
  };

  const actionOf = (element: Element): [string, ActionButton] | undefined => {
    const messageId = element.closest("[data-nxc-msg]")?.getAttribute("data-nxc-msg");
    const actionId = element.getAttribute("data-nxc-action");
    if (!messageId || actionId === null) return undefined;
    const block =
      messageId === "welcome"
        ? nxc.settings.value.welcome.actions
        : store.findMessage(messageId)?.actions;
    const button = Array.isArray(block?.actions)
      ? block.actions.find((candidate) => candidate.id === actionId)
      : undefined;
    return button && [messageId, button];
  };

  /** Sends what the input holds, unless the disclaimer blocks it or an answer is streaming. */
  const submit = (): void => {
    const text = nxc.draft.value;
    const { disclaimer } = nxc.settings.value;
    const blocked = !!disclaimer && !store.disclaimerAccepted.value;
    if (blocked || store.isStreaming.value || !text.trim()) return;
    nxc.draft.value = "";
    void controller.send(text);
  };

  const click = (target: Element, event: MouseEvent): void => {
    // Links in answers and in the disclaimer (middle clicks too, in answers).
    const anchor = target.closest("a");
    if (anchor) {
      const inAnswer = anchor.closest("[data-message-id] .nxc-bubble");
      if (inAnswer) followLink(controller, event, messageOf(inAnswer)?.queryId);
      else if (event.type === "click" && anchor.closest(".nxc-disclaimer")) {
        followLink(controller, event);
      }
      return;
    }
    if (event.type !== "click") return;
    const element = target.closest("[data-nxc-do]");
    if (!element || (element as HTMLButtonElement).disabled) return;
    const message = messageOf(element);
    switch (element.getAttribute("data-nxc-do")) {
      case "launcher":
        return store.isOpen.value ? nxc.close() : nxc.open();
      case "open":
        return nxc.open();
      case "close":
        return nxc.close();
      case "dismiss-bubble":
        store.bubbleDismissed.value = true;
        return;
      case "new":
        void controller.startNewSession();
        return;
      case "size":
        return nxc.toggleSize();
      case "send":
        return submit();
      case "stop":
        return controller.stop();
      case "mic":
        return nxc.voice.toggleListening();
      case "accept":
        controller.acceptDisclaimer();
        nxc.afterPaint(() => nxc.inputRef.current?.focus());
        return;
      case "earlier":
        nxc.transcriptLimit.value += transcriptPage;
        nxc.loadEarlier();
        return;
      case "action": {
        const found = actionOf(element);
        if (found) controller.runAction(...found);
        return;
      }
      case "live":
        controller.live.act(
          element.getAttribute("data-nxc-live") === "leave" ? "leave" : "assistant",
        );
        nxc.afterPaint(() => nxc.inputRef.current?.focus());
        return;
      case "retry":
        if (message) controller.retry(message.id);
        return;
      case "copy":
        if (message) void controller.copy(message);
        return;
      case "speak":
        if (message) nxc.voice.toggleSpeaking(message.id, message.text);
        return;
      case "rate":
        if (message && element.getAttribute("aria-pressed") !== "true") {
          void controller.rate(message, element.getAttribute("data-rating") as FeedbackRating);
        }
        return;
      case "comment": {
        const field = element.previousElementSibling as HTMLTextAreaElement;
        const comment = field.value.trim();
        const state = message && store.feedback.value[message.id];
        if (!comment) field.focus();
        else if (message && state) void controller.rate(message, state.rating, comment);
        return;
      }
    }
  };

  const keydown = (target: Element, event: KeyboardEvent): void => {
    if (event.key === "Escape" && target.closest(".nxc-window") && !nxc.settings.value.embedded) {
      event.stopPropagation();
      nxc.close();
    } else if (
      event.key === "Enter" &&
      target.classList.contains("nxc-input") &&
      !event.isComposing &&
      !(event.shiftKey && nxc.settings.value.input.multiline)
    ) {
      event.preventDefault();
      submit();
    }
  };

  const input = (target: Element): void => {
    if (!target.classList.contains("nxc-input")) return;
    const value = (target as HTMLTextAreaElement).value;
    nxc.draft.value = nxc.settings.value.input.multiline ? value : value.replace(/\n/g, " ");
    controller.typed(nxc.draft.value);
  };

  return (event) => {
    const target = event.target as Element | null;
    if (!target || typeof target.closest !== "function") return;
    if (event.type === "keydown") keydown(target, event as KeyboardEvent);
    else if (event.type === "input") input(target);
    else click(target, event as MouseEvent);
  };
}
