import { describe, expect, it } from "vitest";
import { en } from "./en.js";
import { builtInLocales, directionOf, matchLocale, pickLocale } from "./locales.js";
import { voiceProblem } from "./voice-problems.js";
import es from "./packs/es.js";
import fr from "./packs/fr.js";
import de from "./packs/de.js";
import pt from "./packs/pt.js";
import it_ from "./packs/it.js";
import nl from "./packs/nl.js";
import ja from "./packs/ja.js";
import zhCN from "./packs/zh-CN.js";
import ar from "./packs/ar.js";
import he from "./packs/he.js";

const packs = { es, fr, de, pt, it: it_, nl, ja, "zh-CN": zhCN, ar, he };

describe("matchLocale", () => {
  it("takes exact tags, then the language, case- and separator-insensitively", () => {
    expect(matchLocale("es")).toBe("es");
    expect(matchLocale("pt-BR")).toBe("pt");
    expect(matchLocale("zh_cn")).toBe("zh-CN");
    expect(matchLocale("zh-TW")).toBe("zh-CN");
    expect(matchLocale("zh-Hans")).toBe("zh-CN");
    expect(matchLocale("iw")).toBe("he");
    expect(matchLocale("AR-eg")).toBe("ar");
    expect(matchLocale("sv")).toBeUndefined();
    expect(matchLocale("")).toBeUndefined();
    expect(matchLocale(undefined)).toBeUndefined();
  });
});

describe("pickLocale", () => {
  it("prefers the option, then the page's lang, then the browser's languages, then English", () => {
    const sources = { pageLanguage: "de", browserLanguages: ["fr-FR", "en"] };
    expect(pickLocale("ja", sources)).toBe("ja");
    expect(pickLocale(undefined, sources)).toBe("de");
    expect(pickLocale(undefined, { ...sources, pageLanguage: "" })).toBe("fr");
    expect(pickLocale(undefined, { pageLanguage: "sv", browserLanguages: ["fi", "nl-BE"] })).toBe(
      "nl",
    );
    expect(pickLocale("xx", {})).toBe("en");
  });

  it("an option without a pack gives way to the page's language", () => {
    expect(pickLocale("sv-SE", { pageLanguage: "he" })).toBe("he");
  });
});

describe("packs", () => {
  it("there is a pack for every built-in locale but English", () => {
    expect(Object.keys(packs).sort()).toEqual(
      builtInLocales.filter((locale) => locale !== "en").sort(),
    );
  });

  it.each(Object.entries(packs))(
    "%s names every key of the English table, non-empty",
    (_, pack) => {
      expect(Object.keys(pack).sort()).toEqual(Object.keys(en).sort());
      for (const text of Object.values(pack)) expect(text.trim()).not.toBe("");
    },
  );

  it.each(Object.entries(packs))("%s translates the visible sentences", (_, pack) => {
    // Single words may be the same (Chat, Conversation, Message, Sources); sentences never.
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      if (en[key].includes(" ") && key !== "poweredBy") expect(pack[key]).not.toBe(en[key]);
    }
  });

  it("Arabic and Hebrew are right to left, the others left to right", () => {
    expect(builtInLocales.filter((locale) => directionOf(locale) === "rtl")).toEqual(["ar", "he"]);
  });
});

describe("voiceProblem", () => {
  it("names a string for each error, and a general one for unknown errors", () => {
    expect(voiceProblem("recognition", "not-allowed")).toBe("micBlocked");
    expect(voiceProblem("synthesis", "not-allowed")).toBe("readAloudBlocked");
    expect(voiceProblem("recognition", "toString")).toBe("voiceFailed");
    expect(voiceProblem("synthesis", "weird")).toBe("readAloudFailed");
  });
});
