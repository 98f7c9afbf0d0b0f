/**
 * The languages the widget has a built-in pack for, by the tag the `locale` option names them
 * with. English is built into the widget script; each of the others is a file of its own beside
 * it, `nexus-chat-widget-i18n-<tag>.js`, which the server serves and the widget loads on demand.
 */
export const widgetLocales = [
  "en",
  "es",
  "fr",
  "de",
  "pt",
  "it",
  "nl",
  "ja",
  "zh-CN",
  "ar",
  "he",
] as const;

/** A language with a built-in widget pack. */
export type WidgetLocale = (typeof widgetLocales)[number];

/** The file name of a language pack beside the widget script. */
export const widgetLanguagePackFile = (locale: Exclude<WidgetLocale, "en">): string =>
  `nexus-chat-widget-i18n-${locale}.js`;
