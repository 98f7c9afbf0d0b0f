import type { WidgetConfig } from "./widget-config.js";
import type { TranscriptEvent } from "./interceptor.js";
import type { WidgetEventName, WidgetEventHandler } from "../events/widget-events.js";

/** A snapshot of a widget, from `getState()`. */
export interface WidgetState {
  isOpen: boolean;
  /** The current sizing mode's name. */
  mode: string;
  sessionId: string | null;
  /** A query is in flight. */
  isStreaming: boolean;
  /** User and assistant messages in the transcript. */
  messageCount: number;
  disclaimerAccepted: boolean;
  /** The transcript. */
  messages: readonly TranscriptEvent[];
}

/** What `NexusChatWidget.init` returns. */
export interface WidgetInstance {
  /** Subscribes to an event; returns a function that unsubscribes. */
  on<Name extends WidgetEventName>(name: Name, handler: WidgetEventHandler<Name>): () => void;
  /** Unsubscribes a handler, or every handler of `name` when none is given. */
  off<Name extends WidgetEventName>(name: Name, handler?: WidgetEventHandler<Name>): void;
  /** Subscribes for one occurrence only; returns a function that unsubscribes. */
  once<Name extends WidgetEventName>(name: Name, handler: WidgetEventHandler<Name>): () => void;
  open(): void;
  close(): void;
  toggle(): void;
  /** Switches to the next smaller sizing mode. */
  minimize(): void;
  /** Switches to the largest sizing mode. */
  maximize(): void;
  /** Sends a message as if the user had typed it. Resolves when the answer completes or fails. */
  sendMessage(text: string, metadata?: Record<string, unknown>): Promise<void>;
  /** Ends the current session, clears the transcript and starts a new session at once. */
  startNewSession(sessionId?: string): string;
  /** Ends the current session and clears the transcript; the next message starts a new session. */
  clearChat(): void;
  getState(): WidgetState;
  /** Removes every node, listener, timer and channel the widget created. */
  destroy(): void;
}

/** The global `window.NexusChatWidget` of the script-tag build. */
export interface NexusChatWidgetGlobal {
  init(config: WidgetConfig): WidgetInstance;
  /** The widget's version. */
  version: string;
}
