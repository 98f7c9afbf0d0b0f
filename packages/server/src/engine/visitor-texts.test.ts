import { describe, expect, it } from "vitest";
import { acceptedLanguages, visitorLanguage, visitorTexts } from "./visitor-texts.js";
import { composeNoAnswer } from "./answer-composer.js";

describe("visitor texts", () => {
  it("reads Accept-Language by quality, leaving out q=0 and *", () => {
    expect(acceptedLanguages("fr-CH, fr;q=0.9, en;q=0.8, de;q=0, *;q=0.5")).toEqual([
      "fr-CH",
      "fr",
      "en",
    ]);
    expect(acceptedLanguages(undefined)).toEqual([]);
  });

  it("speaks the request's language, else the experience's locale, else English", () => {
    expect(visitorLanguage("es-MX,es;q=0.9", { widget: { locale: "de" } })).toBe("es");
    expect(visitorLanguage("sv", { widget: { locale: "he" } })).toBe("he");
    expect(visitorLanguage("zh-TW", undefined)).toBe("zh-CN");
    expect(visitorLanguage(undefined, { widget: {} })).toBe("en");
  });

  it("the no-answer reply and its hand-over button follow the language", () => {
    const french = composeNoAnswer(visitorTexts("fr"));
    expect(french.answer).toMatch(/^Je n’ai rien trouvé/);
    expect(french.actions?.actions[0]?.label).toBe("Parler à un conseiller");
    expect(composeNoAnswer().answer).toMatch(/couldn't find/);
    expect(visitorTexts("xx").talkToAgent).toBe("Talk to an agent");
  });
});
