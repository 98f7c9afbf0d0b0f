import { describe, expect, it } from "vitest";
import { chooseVoice } from "./choose-voice.js";

function voice(
  name: string,
  lang: string,
  extra: Partial<SpeechSynthesisVoice> = {},
): SpeechSynthesisVoice {
  return { name, lang, default: false, localService: false, voiceURI: name, ...extra };
}

const voices = [
  voice("Google UK English Female", "en-GB"),
  voice("Microsoft Zira - English (United States)", "en-US", { localService: true }),
  voice("Google US English", "en-US", { default: true }),
  voice("Amélie", "fr_CA", { localService: true }),
];

describe("chooseVoice", () => {
  it("prefers the named voice, exactly or partially, whatever the language", () => {
    expect(chooseVoice(voices, { name: "Google US English", language: "fr-FR" })?.name).toBe(
      "Google US English",
    );
    expect(chooseVoice(voices, { name: "zira", language: "fr-FR" })?.name).toContain("Zira");
  });

  it("falls back to the language when the named voice is missing, default and local voices first", () => {
    expect(chooseVoice(voices, { name: "Nobody", language: "en-US" })?.name).toBe(
      "Google US English",
    );
  });

  it("matches tags case- and separator-insensitively, then by base language", () => {
    expect(chooseVoice(voices, { language: "FR-ca" })?.name).toBe("Amélie");
    expect(chooseVoice(voices, { language: "fr-FR" })?.name).toBe("Amélie");
    expect(chooseVoice(voices, { language: "en-AU" })?.name).toBe("Google US English");
  });

  it("returns null when nothing fits", () => {
    expect(chooseVoice(voices, { language: "ja-JP" })).toBeNull();
    expect(chooseVoice([], { name: "x", language: "en" })).toBeNull();
  });
});
