import { Component, type ComponentChildren, type RefObject } from "preact";
import type { ReadonlySignal, Signal } from "@preact/signals-core";
import type { Settings } from "../config/resolve-settings.js";
import type { ChatStore } from "../state/chat-store.js";
import type { ChatController } from "../chat/chat-controller.js";
import type { VoiceUi } from "./voice-ui.js";

/** What every component of one widget reads: its settings, state, behaviour and handles. */
export interface UiContextValue {
  settings: ReadonlySignal<Settings>;
  store: ChatStore;
  controller: ChatController;
  /** The input's text (voice input writes into it too). */
  draft: Signal<string>;
  open(): void;
  close(): void;
  toggleSize(): void;
  launcherRef: RefObject<HTMLButtonElement | null>;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  windowRef: RefObject<HTMLDivElement | null>;
  transcriptRef: RefObject<HTMLDivElement | null>;
  /** Runs `callback` after the next render has reached the DOM. */
  afterPaint(callback: () => void): void;
  /** Scrolls the transcript to its end. */
  scrollToEnd(): void;
  windowId: string;
  /** Registers colours of an action button; returns the attribute value that applies them. */
  actionStyle(
    style: { backgroundColor?: string; textColor?: string } | undefined,
  ): string | undefined;
  voice: VoiceUi;
  /** How many of the last transcript events are in the DOM ("Show earlier messages" raises it). */
  transcriptLimit: Signal<number>;
  /** Reads older events back from storage until the transcript has `transcriptLimit` of them. */
  loadEarlier(): void;
}

/**
 * Function components receive the widget's context as their second argument (Preact's built-in
 * legacy context), so several widgets on a page never share one.
 */
export interface UiProps {
  nxc: UiContextValue;
}

/** Provides {@link UiProps} to every component below it. */
export class UiProvider extends Component<{ value: UiContextValue; children?: ComponentChildren }> {
  override getChildContext(): UiProps {
    return { nxc: this.props.value };
  }
  override render() {
    return this.props.children;
  }
}
