import type { Strings } from "./en.js";
import type { BuiltInLocale } from "./locales.js";

/**
 * Imports a language pack. Bundlers (and the ESM build) make a chunk of each; the script-tag
 * build replaces this module with import-pack.script.ts, which loads the file beside its own.
 */
export async function importPack(locale: Exclude<BuiltInLocale, "en">): Promise<Strings> {
  switch (locale) {
    case "es":
      return (await import("./packs/es.js")).default;
    case "fr":
      return (await import("./packs/fr.js")).default;
    case "de":
      return (await import("./packs/de.js")).default;
    case "pt":
      return (await import("./packs/pt.js")).default;
    case "it":
      return (await import("./packs/it.js")).default;
    case "nl":
      return (await import("./packs/nl.js")).default;
    case "ja":
      return (await import("./packs/ja.js")).default;
    case "zh-CN":
      return (await import("./packs/zh-CN.js")).default;
    case "ar":
      return (await import("./packs/ar.js")).default;
    case "he":
      return (await import("./packs/he.js")).default;
  }
}
