import { widgetLocales, type WidgetLocale } from "@nexus-chat/protocol";

/** The languages with a built-in pack (see `widgetLocales` in the protocol). */
export const builtInLocales = widgetLocales;

export type BuiltInLocale = WidgetLocale;

/** Languages written right to left. */
const rightToLeft = new Set<string>(["ar", "he"]);

/** The writing direction of a built-in locale. */
export const directionOf = (locale: BuiltInLocale): "ltr" | "rtl" =>
  rightToLeft.has(locale) ? "rtl" : "ltr";

/**
 * The built-in pack for a BCP 47 tag: the exact tag, else its language (`pt-BR` → `pt`,
 * `zh-Hans` / `zh-TW` → `zh-CN`, `iw` → `he`), else none.
 */
export function matchLocale(tag: string | undefined | null): BuiltInLocale | undefined {
  const clean = tag?.trim().replace(/_/g, "-").toLowerCase();
  if (!clean) return undefined;
  const exact = builtInLocales.find((locale) => locale.toLowerCase() === clean);
  if (exact) return exact;
  const language = clean.split("-")[0];
  if (language === "zh") return "zh-CN";
  if (language === "iw") return "he";
  return builtInLocales.find((locale) => locale === language);
}

/** Where the visitor's language is read from, besides the `locale` option. */
export interface LanguageSources {
  /** The page's `<html lang>`. */
  pageLanguage?: string | null;
  /** The browser's preferred languages, best first. */
  browserLanguages?: readonly string[];
}

/** The page's and the browser's languages, where there is a page and a browser. */
export function languageSources(): LanguageSources {
  return {
    pageLanguage: typeof document === "object" ? document.documentElement?.lang : undefined,
    browserLanguages:
      typeof navigator === "object"
        ? navigator.languages?.length
          ? navigator.languages
          : [navigator.language]
        : undefined,
  };
}

/**
 * The widget's language: the `locale` option, else the page's `lang`, else the browser's
 * languages in order, else English. Each is taken only when a built-in pack matches it.
 */
export function pickLocale(option: string | undefined, sources: LanguageSources): BuiltInLocale {
  for (const candidate of [option, sources.pageLanguage, ...(sources.browserLanguages ?? [])]) {
    const match = matchLocale(candidate);
    if (match) return match;
  }
  return "en";
}
