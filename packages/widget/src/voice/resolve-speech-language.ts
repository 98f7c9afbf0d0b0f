/** Used only when neither the page nor the browser names a language (a detached test DOM). */
const FALLBACK_LANGUAGE = "en-US";

/**
 * The language to listen or speak in: the widget option when given, else the page's
 * `<html lang>` (the site's content language, which is what answers are written in), else the
 * browser's language.
 */
export function resolveSpeechLanguage(option?: string, win: Window = window): string {
  const fromOption = option?.trim();
  if (fromOption) return fromOption;
  const fromPage = win.document?.documentElement?.lang?.trim();
  if (fromPage) return fromPage;
  const fromBrowser = win.navigator?.language?.trim();
  return fromBrowser || FALLBACK_LANGUAGE;
}
