/** How urgent a hand-over to a human agent is. */
export type HandoverPriority = "low" | "normal" | "high";

/** Asks for a human agent; fires the widget's `handover` event and notifies the server. */
export interface TriggerHandoverAction {
  type: "trigger_handover";
  payload?: {
    /** Why the hand-over is requested. @default "user_requested" */
    reason?: string;
    /** @default "normal" */
    priority?: HandoverPriority;
    /** Extra context passed to the `handover` event and the server. */
    metadata?: Record<string, unknown>;
  };
}

/** Opens a web page. Only `http:`, `https:`, `mailto:` and `tel:` URLs are followed. */
export interface OpenUrlAction {
  type: "open_url";
  url: string;
  /** @default "_blank" */
  target?: "_blank" | "_self";
}

/** Fires the widget's `customAction` event for the host page to handle. */
export interface SendEventAction {
  type: "send_event";
  /** The `eventName` of the `customAction` event. */
  eventName: string;
  /** The `eventData` of the `customAction` event. @default {} */
  eventData?: Record<string, unknown>;
}

/** Sends a query as if the user had typed it. */
export interface SendQueryAction {
  type: "send_query";
  /** The text sent to the assistant. */
  query: string;
  /** What the transcript shows as the user's message. @default the query */
  displayText?: string;
}

/** What an action button does. */
export type Action = TriggerHandoverAction | OpenUrlAction | SendEventAction | SendQueryAction;

/** The type names of {@link Action}. */
export type ActionType = Action["type"];

/** One button in an actions block. */
export interface ActionButton {
  /** Stable id, reported as `actionId` in `customAction`. */
  id: string;
  /** The button's text. */
  label: string;
  /** An optional icon before the label. */
  icon?: { type: "emoji"; content: string };
  /** What the button does. */
  action: Action;
  /** Colours for this button only. */
  style?: { backgroundColor?: string; textColor?: string };
  behavior?: {
    /** Disable the button after its first use. @default false */
    oneTimeUse?: boolean;
  };
}

/** A row of action buttons under an assistant message, or under the welcome message. */
export interface ActionsBlock {
  /** @default "left" */
  alignment?: "left" | "center" | "right" | "stretch";
  /** Gap between buttons. @default "normal" */
  spacing?: "compact" | "normal" | "relaxed";
  actions: ActionButton[];
}
