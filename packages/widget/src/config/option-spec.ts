import type { WidgetConfig } from "@nexus-chat/protocol";

/**
 * What one option accepts: a type name, a list of allowed strings, a nested table, `{ "[]": table }`
 * for an array of objects, `{ "*": type }` for a record whose values have that type, or a nested
 * table with `"$boolean": true` when `true`/`false` are accepted as well.
 */
export type OptionKind =
  | "string"
  | "number"
  | "boolean"
  | "function"
  | "object"
  | "length"
  | "number-or-string"
  | "element-or-selector"
  | readonly string[]
  | OptionTable;

/** A table of options by name. */
export interface OptionTable {
  readonly [name: string]: OptionKind | true;
}

const typography = {
  fontFamily: "string",
  fontSize: "length",
  lineHeight: "number-or-string",
  fontWeight: "number-or-string",
} as const;

const bubble = {
  backgroundColor: "string",
  textColor: "string",
  borderRadius: "length",
  typography,
} as const;

/**
 * Every option `init` knows, with the type it accepts. This is the single table behind the
 * console warnings for unknown or mistyped options; the compiler keeps its top level in step with
 * `WidgetConfig`, and the configuration guide is checked against it.
 */
export const optionSpec = {
  experienceId: "string",
  apiUrl: "string",
  accessToken: "string",
  userId: "string",
  locale: "string",
  theme: ["light", "dark", "auto"],
  typography,
  embedded: "boolean",
  container: "element-or-selector",
  useShadowDOM: "boolean",
  disableTabSync: "boolean",
  button: {
    position: ["bottom-right", "bottom-left", "top-right", "top-left"],
    text: "string",
    ariaLabel: "string",
    backgroundColor: "string",
    textColor: "string",
    hoverBackgroundColor: "string",
    borderRadius: "length",
    size: ["small", "medium", "large"],
    iconUrl: "string",
    typography,
  },
  window: {
    width: "length",
    height: "length",
    backgroundColor: "string",
    borderRadius: "length",
    boxShadow: "string",
    topAccentColor: "string",
    topAccentHeight: "length",
    sizing: {
      showToggle: "boolean",
      rememberSize: "boolean",
      defaultMode: "string",
      modes: { "[]": { name: "string", width: "length", height: "length" } },
    },
    header: {
      show: "boolean",
      title: "string",
      showCloseButton: "boolean",
      showSizeToggle: "boolean",
      showNewChatButton: "boolean",
      backgroundColor: "string",
      textColor: "string",
      iconColor: "string",
      padding: "length",
      typography,
    },
  },
  bubbles: { maxWidth: "length", user: bubble, assistant: bubble },
  input: {
    placeholder: "string",
    maxLength: "number",
    multiline: "boolean",
    autoFocus: "boolean",
    backgroundColor: "string",
    textColor: "string",
    borderColor: "string",
    typography,
  },
  messages: {
    welcomeMessage: "string",
    welcomeMessageDisplay: ["bubble", "message"],
    welcomeActions: "object",
    strings: { "*": "string" },
  },
  disclaimer: { enabled: "boolean", title: "string", text: "string", acceptLabel: "string" },
  branding: {
    assistantName: "string",
    avatarUrl: "string",
    logoUrl: "string",
    primaryColor: "string",
    showPoweredBy: "boolean",
  },
  features: {
    feedback: "boolean",
    feedbackComments: "boolean",
    copy: "boolean",
    voice: {
      $boolean: true,
      language: "string",
      interimResults: "boolean",
      autoSend: "boolean",
      silenceTimeout: "number",
    },
    tts: {
      $boolean: true,
      autoPlay: "boolean",
      voice: "string",
      rate: "number",
      pitch: "number",
      language: "string",
    },
    timestamps: "boolean",
    sources: "boolean",
  },
  events: { display: ["inline", "hidden"] },
  scrollbar: {
    width: "length",
    thumbColor: "string",
    thumbHoverColor: "string",
    trackColor: "string",
  },
  advanced: {
    messageInterceptor: "function",
    interceptorTimeout: "number",
    customProtocolHandlers: { "*": "function" },
    requestTimeout: "number",
    analytics: "boolean",
    loadRemoteConfig: "boolean",
  },
} as const satisfies { readonly [Name in keyof Required<WidgetConfig>]: OptionKind };
