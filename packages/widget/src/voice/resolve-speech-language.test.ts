import { describe, expect, it } from "vitest";
import { resolveSpeechLanguage } from "./resolve-speech-language.js";

function page(lang: string, language: string): Window {
  return { document: { documentElement: { lang } }, navigator: { language } } as unknown as Window;
}

describe("resolveSpeechLanguage", () => {
  it("takes the option first, then the page's lang, then the browser's language", () => {
    expect(resolveSpeechLanguage("es-MX", page("fr", "de-DE"))).toBe("es-MX");
    expect(resolveSpeechLanguage(undefined, page("fr", "de-DE"))).toBe("fr");
    expect(resolveSpeechLanguage("  ", page("", "de-DE"))).toBe("de-DE");
    expect(resolveSpeechLanguage(undefined, page("", ""))).toBe("en-US");
  });
});
