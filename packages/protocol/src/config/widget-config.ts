import type { ActionsBlock } from "./actions.js";
import type { MessageInterceptor } from "./interceptor.js";
import type { LinkParams } from "../events/link-params.js";

/** A CSS length: a number is pixels, a string is used as written (e.g. `"80vh"`). */
export type CssLength = number | string;

/** The colour scheme; `auto` follows the visitor's `prefers-color-scheme`. */
export type ThemeMode = "light" | "dark" | "auto";

/** Where the floating launcher sits. */
export type LauncherPosition = "bottom-right" | "bottom-left" | "top-right" | "top-left";

/** Base font settings. Component settings (button, header, bubbles, input) override them. */
export interface TypographyConfig {
  /** @default "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" */
  fontFamily?: string;
  /** @default 14 */
  fontSize?: CssLength;
  /** @default 1.5 */
  lineHeight?: number | string;
  /** @default 400 */
  fontWeight?: number | string;
}

/** The floating launcher button. */
export interface ButtonConfig {
  /** @default "bottom-right" */
  position?: LauncherPosition;
  /** Text beside the icon; icon only when absent. */
  text?: string;
  /** Accessible name of the launcher. @default "Open chat" */
  ariaLabel?: string;
  backgroundColor?: string;
  textColor?: string;
  hoverBackgroundColor?: string;
  borderRadius?: CssLength;
  /** @default "medium" */
  size?: "small" | "medium" | "large";
  /** An image used instead of the built-in chat icon. */
  iconUrl?: string;
  typography?: TypographyConfig;
}

/** A named window size the user can switch between. */
export interface WindowSizingMode {
  name: string;
  width: CssLength;
  height: CssLength;
}

export interface WindowSizingConfig {
  /** Show the size toggle in the header. @default true */
  showToggle?: boolean;
  /** Remember the last chosen mode across reloads. @default true */
  rememberSize?: boolean;
  /** The mode used first. @default the first mode */
  defaultMode?: string;
  /** Modes from smallest to largest. @default [{ name: "normal", width: 384, height: 600 }, { name: "expanded", width: 600, height: 800 }] */
  modes?: WindowSizingMode[];
}

export interface WindowHeaderConfig {
  /** @default true */
  show?: boolean;
  /** @default "Chat" */
  title?: string;
  /** @default true */
  showCloseButton?: boolean;
  /** @default true */
  showSizeToggle?: boolean;
  /** Show a "new conversation" button. @default true */
  showNewChatButton?: boolean;
  backgroundColor?: string;
  textColor?: string;
  iconColor?: string;
  padding?: CssLength;
  typography?: TypographyConfig;
}

/** The chat window. */
export interface WindowConfig {
  /** Overrides the sizing mode's width. */
  width?: CssLength;
  /** Overrides the sizing mode's height. */
  height?: CssLength;
  backgroundColor?: string;
  /** @default 16 */
  borderRadius?: CssLength;
  boxShadow?: string;
  /** A coloured bar along the window's top edge; none when absent. */
  topAccentColor?: string;
  /** @default 4 */
  topAccentHeight?: CssLength;
  sizing?: WindowSizingConfig;
  header?: WindowHeaderConfig;
}

export interface BubbleStyle {
  backgroundColor?: string;
  textColor?: string;
  borderRadius?: CssLength;
  typography?: TypographyConfig;
}

/** Message bubbles. */
export interface BubblesConfig {
  /** Maximum bubble width, for both roles. @default "85%" */
  maxWidth?: CssLength;
  user?: BubbleStyle;
  assistant?: BubbleStyle;
}

/** The message input. */
export interface InputConfig {
  /** @default "Type your message…" */
  placeholder?: string;
  /** Longest message in characters. @default 4000 */
  maxLength?: number;
  /** Shift+Enter inserts a line break and the field grows. @default true */
  multiline?: boolean;
  /** Focus the input when the window opens. @default true */
  autoFocus?: boolean;
  backgroundColor?: string;
  textColor?: string;
  borderColor?: string;
  typography?: TypographyConfig;
}

/** Content shown before the first message. */
export interface MessagesConfig {
  /** Markdown greeting. */
  welcomeMessage?: string;
  /** `bubble`: a teaser over the closed launcher and the first message; `message`: the first message only. @default "message" */
  welcomeMessageDisplay?: "bubble" | "message";
  /** Buttons under the welcome message. */
  welcomeActions?: ActionsBlock;
  /**
   * Replaces any of the widget's own texts (labels, accessible names, notices), by key, in every
   * language: for example `{ sendMessage: "Ask" }`. The keys are listed in docs/languages.md.
   */
  strings?: Record<string, string>;
}

/** A notice the user must accept before chatting. */
export interface DisclaimerConfig {
  /** @default true when `text` is set */
  enabled?: boolean;
  /** @default "Before you start" */
  title?: string;
  /** Markdown body. */
  text: string;
  /** @default "I agree" */
  acceptLabel?: string;
}

export interface BrandingConfig {
  /** The assistant's display name. @default "Assistant" */
  assistantName?: string;
  /** Avatar shown beside assistant messages. */
  avatarUrl?: string;
  /** Logo in the header. */
  logoUrl?: string;
  /** Accent colour for buttons, links and focus rings. @default "#2563eb" */
  primaryColor?: string;
  /** Show "Powered by Nexus Chat" under the input. @default true */
  showPoweredBy?: boolean;
}

/** Options of voice input. */
export interface VoiceFeatureConfig {
  /** BCP 47 language. @default the page's `lang`, else the browser's language */
  language?: string;
  /** Show words in the input while the user speaks. @default true */
  interimResults?: boolean;
  /** Send the transcript when recognition ends. @default false */
  autoSend?: boolean;
  /** Stop after this much silence, in milliseconds. @default 2000 */
  silenceTimeout?: number;
}

/** Options of read-aloud. */
export interface TtsFeatureConfig {
  /** Read each completed answer once. @default false */
  autoPlay?: boolean;
  /** Name of the `SpeechSynthesisVoice` to use. @default the engine's voice for `language` */
  voice?: string;
  /** @default 1 */
  rate?: number;
  /** @default 1 */
  pitch?: number;
  /** @default the page's `lang`, else the browser's language */
  language?: string;
}

/** Feature switches. */
export interface FeaturesConfig {
  /** Thumbs up/down on answers. @default true */
  feedback?: boolean;
  /** Ask for an optional comment after a rating. @default true */
  feedbackComments?: boolean;
  /** Copy button on answers. @default true */
  copy?: boolean;
  /** Microphone input where the browser supports it. @default false */
  voice?: boolean | VoiceFeatureConfig;
  /** Read-aloud button on answers where the browser supports it. @default false */
  tts?: boolean | TtsFeatureConfig;
  /** Show message times. @default false */
  timestamps?: boolean;
  /**
   * List an answer's sources (with links where they have a web address) under it. Off by default
   * because the built-in retrieval engine already ends each answer with its sources; turn it on
   * for engines whose answers do not cite them. @default false
   */
  sources?: boolean;
}

/** How non-text stream events (hand-over requests, session ends, errors) show in the transcript. */
export interface EventsDisplayConfig {
  /** `inline`: as a status line in the transcript; `hidden`: not shown. @default "inline" */
  display?: "inline" | "hidden";
}

export interface ScrollbarConfig {
  /** @default 8 */
  width?: CssLength;
  thumbColor?: string;
  thumbHoverColor?: string;
  trackColor?: string;
}

/** A handler for links with a custom protocol such as `tour:`. */
export type CustomProtocolHandler = (params: LinkParams, event: MouseEvent) => void;

export interface AdvancedConfig {
  /** Sees every user message before it is sent. */
  messageInterceptor?: MessageInterceptor;
  /** How long the interceptor may take, in milliseconds. @default 10000 */
  interceptorTimeout?: number;
  /** Handlers by protocol, with its colon: `{ "tour:": (params, event) => … }`. */
  customProtocolHandlers?: Record<string, CustomProtocolHandler>;
  /** Time allowed without any byte from the server before a query fails with a timeout, in milliseconds. @default 30000 */
  requestTimeout?: number;
  /** Send widget events to the server's analytics endpoint. @default true */
  analytics?: boolean;
  /** Fetch the experience's stored configuration and merge it under this one. @default true */
  loadRemoteConfig?: boolean;
}

/** The options of `NexusChatWidget.init`. */
export interface WidgetConfig {
  /** Which experience (assistant) to talk to. */
  experienceId: string;
  /** API base: `https://host/api/v2` or just `https://host`. */
  apiUrl: string;
  /** Bearer token sent with API calls. Never written to storage. */
  accessToken?: string;
  /** The visitor: a UUID, an e-mail (compared case-insensitively) or any string up to 255 characters. */
  userId?: string;
  /**
   * The language of the widget's own texts, as a BCP 47 tag (`"es"`, `"pt-BR"`, `"zh-CN"`, `"ar"`).
   * A language without a built-in pack falls back to English. Arabic and Hebrew lay out right to
   * left. Also the default language of voice input and read-aloud.
   * @default the page's `lang`, else the browser's language, else English
   */
  locale?: string;
  /** @default "light" */
  theme?: ThemeMode;
  typography?: TypographyConfig;
  /** Render inside the page instead of as a floating launcher. @default false */
  embedded?: boolean;
  /** Where an embedded widget renders: an element or a CSS selector. @default a new element at the end of `body` */
  container?: HTMLElement | string;
  /** Render in a shadow root, isolating CSS both ways. @default false */
  useShadowDOM?: boolean;
  /** Stop syncing session, messages and state across tabs. @default false */
  disableTabSync?: boolean;
  button?: ButtonConfig;
  window?: WindowConfig;
  bubbles?: BubblesConfig;
  input?: InputConfig;
  messages?: MessagesConfig;
  disclaimer?: DisclaimerConfig;
  branding?: BrandingConfig;
  features?: FeaturesConfig;
  events?: EventsDisplayConfig;
  scrollbar?: ScrollbarConfig;
  advanced?: AdvancedConfig;
}

/** The part of the configuration an experience stores on the server (JSON only: no functions, no elements). */
export type RemoteWidgetConfig = Omit<
  WidgetConfig,
  "experienceId" | "apiUrl" | "accessToken" | "userId" | "container" | "advanced"
>;
