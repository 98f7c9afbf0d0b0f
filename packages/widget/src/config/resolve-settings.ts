import type {
  ActionsBlock,
  CustomProtocolHandler,
  LauncherPosition,
  MessageInterceptor,
  ThemeMode,
  TtsFeatureConfig,
  VoiceFeatureConfig,
  WidgetConfig,
  WindowSizingMode,
} from "@nexus-chat/protocol";
import { en, type Strings } from "../i18n/en.js";
import type { BuiltInLocale } from "../i18n/locales.js";

/** The language the widget speaks: its pack, direction and texts. */
export interface LanguageSettings {
  locale: BuiltInLocale;
  dir: "ltr" | "rtl";
  /** Every text of the widget's own, with the host's `messages.strings` applied. */
  strings: Strings;
  /** The language voice features use when theirs is not set: the `locale` option as given. */
  speechLanguage: string | undefined;
}

const english: LanguageSettings = {
  locale: "en",
  dir: "ltr",
  strings: en,
  speechLanguage: undefined,
};

/** The widget's options with every default applied: what the UI and the controller read. */
export interface Settings {
  language: LanguageSettings;
  experienceId: string;
  userId: string | undefined;
  theme: ThemeMode;
  embedded: boolean;
  launcher: {
    position: LauncherPosition;
    text: string | undefined;
    ariaLabel: string;
    iconUrl: string | undefined;
    size: "small" | "medium" | "large";
  };
  sizing: {
    showToggle: boolean;
    rememberSize: boolean;
    defaultMode: string;
    modes: WindowSizingMode[];
  };
  header: {
    show: boolean;
    title: string;
    showCloseButton: boolean;
    showNewChatButton: boolean;
    logoUrl: string | undefined;
  };
  input: { placeholder: string; maxLength: number; multiline: boolean; autoFocus: boolean };
  welcome: {
    message: string | undefined;
    display: "bubble" | "message";
    actions: ActionsBlock | undefined;
  };
  disclaimer: { title: string; text: string; acceptLabel: string } | undefined;
  branding: { assistantName: string; avatarUrl: string | undefined; showPoweredBy: boolean };
  features: {
    feedback: boolean;
    feedbackComments: boolean;
    copy: boolean;
    voice: VoiceFeatureConfig | undefined;
    tts: TtsFeatureConfig | undefined;
    timestamps: boolean;
    sources: boolean;
  };
  showNotices: boolean;
  interceptor: MessageInterceptor | undefined;
  interceptorTimeout: number;
  protocolHandlers: Record<string, CustomProtocolHandler>;
  requestTimeout: number;
  analytics: boolean;
}

/** The sizing modes when none are configured. */
export const defaultSizingModes: WindowSizingMode[] = [
  { name: "normal", width: 384, height: 600 },
  { name: "expanded", width: 600, height: 800 },
];

const featureOptions = <Options extends object>(value: boolean | Options | undefined) =>
  value === true ? ({} as Options) : value ? value : undefined;

/** Applies the documented defaults to validated options. */
export function resolveSettings(
  config: WidgetConfig,
  language: LanguageSettings = english,
): Settings {
  const { strings } = language;
  const {
    button = {},
    window: windowOptions = {},
    input = {},
    messages = {},
    branding = {},
  } = config;
  const sizing = windowOptions.sizing ?? {};
  const header = windowOptions.header ?? {};
  const features = config.features ?? {};
  const advanced = config.advanced ?? {};
  const modes = sizing.modes?.length ? sizing.modes : defaultSizingModes;
  const disclaimer = config.disclaimer;
  return {
    language,
    experienceId: config.experienceId,
    userId: config.userId,
    theme: config.theme ?? "light",
    embedded: config.embedded ?? false,
    launcher: {
      position: button.position ?? (language.dir === "rtl" ? "bottom-left" : "bottom-right"),
      text: button.text,
      ariaLabel: button.ariaLabel ?? strings.openChat,
      iconUrl: button.iconUrl,
      size: button.size ?? "medium",
    },
    sizing: {
      showToggle:
        (sizing.showToggle ?? true) && (header.showSizeToggle ?? true) && modes.length > 1,
      rememberSize: sizing.rememberSize ?? true,
      defaultMode: modes.some((mode) => mode.name === sizing.defaultMode)
        ? (sizing.defaultMode as string)
        : (modes[0] as WindowSizingMode).name,
      modes,
    },
    header: {
      show: header.show ?? true,
      title: header.title ?? strings.chatTitle,
      showCloseButton: header.showCloseButton ?? true,
      showNewChatButton: header.showNewChatButton ?? true,
      logoUrl: branding.logoUrl,
    },
    input: {
      placeholder: input.placeholder ?? strings.placeholder,
      maxLength: input.maxLength ?? 4000,
      multiline: input.multiline ?? true,
      autoFocus: input.autoFocus ?? true,
    },
    welcome: {
      message: messages.welcomeMessage,
      display: messages.welcomeMessageDisplay ?? "message",
      actions: messages.welcomeActions,
    },
    disclaimer:
      disclaimer?.text && disclaimer.enabled !== false
        ? {
            title: disclaimer.title ?? strings.disclaimerTitle,
            text: disclaimer.text,
            acceptLabel: disclaimer.acceptLabel ?? strings.disclaimerAccept,
          }
        : undefined,
    branding: {
      assistantName: branding.assistantName ?? strings.assistantName,
      avatarUrl: branding.avatarUrl,
      showPoweredBy: branding.showPoweredBy ?? true,
    },
    features: {
      feedback: features.feedback ?? true,
      feedbackComments: features.feedbackComments ?? true,
      copy: features.copy ?? true,
      voice: featureOptions(features.voice),
      tts: featureOptions(features.tts),
      timestamps: features.timestamps ?? false,
      sources: features.sources ?? false,
    },
    showNotices: config.events?.display !== "hidden",
    interceptor: advanced.messageInterceptor,
    interceptorTimeout: advanced.interceptorTimeout ?? 10000,
    protocolHandlers: advanced.customProtocolHandlers ?? {},
    requestTimeout: advanced.requestTimeout ?? 30000,
    analytics: advanced.analytics ?? true,
  };
}
