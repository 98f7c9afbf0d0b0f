import { createContext, type RefObject } from "preact";
import type { ReadonlySignal, Signal } from "@preact/signals";
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
  windowId: string;
  /** Registers colours of an action button; returns the attribute value that applies them. */
  actionStyle(
    style: { backgroundColor?: string; textColor?: string } | undefined,
  ): string | undefined;
  voice: VoiceUi;
}

export const UiContext = createContext<UiContextValue>(undefined as never);
