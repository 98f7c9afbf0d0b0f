import type { Strings } from "./en.js";
import { widgetLanguagePackFile } from "@nexus-chat/protocol";
import type { BuiltInLocale } from "./locales.js";
import { scriptUrl } from "../script-url.js";

/**
 * The script-tag build's version of import-pack.ts (swapped in by scripts/build.mjs): imports a
 * pack from the directory the widget script came from, like the markdown chunk.
 */
export async function importPack(locale: Exclude<BuiltInLocale, "en">): Promise<Strings> {
  if (!scriptUrl) throw new Error("The widget cannot tell where its script was loaded from.");
  const module = (await import(new URL(widgetLanguagePackFile(locale), scriptUrl).href)) as {
    default: Strings;
  };
  return module.default;
}
