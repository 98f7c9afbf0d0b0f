import { describe, expect, it } from "vitest";
import { voiceDefaults } from "./voice-defaults.js";

describe("voiceDefaults", () => {
  it("applies the documented recognition defaults", () => {
    expect(voiceDefaults.recognition(undefined)).toEqual({
      language: "",
      interimResults: true,
      autoSend: false,
      silenceTimeout: 2000,
    });
    expect(
      voiceDefaults.recognition({
        language: "nl-NL",
        interimResults: false,
        autoSend: true,
        silenceTimeout: 900,
      }),
    ).toEqual({ language: "nl-NL", interimResults: false, autoSend: true, silenceTimeout: 900 });
    expect(voiceDefaults.recognition({ silenceTimeout: -5 }).silenceTimeout).toBe(2000);
  });

  it("applies the documented read-aloud defaults and keeps rate and pitch in range", () => {
    expect(voiceDefaults.synthesis(undefined)).toEqual({
      autoPlay: false,
      rate: 1,
      pitch: 1,
      language: "",
    });
    expect(
      voiceDefaults.synthesis({
        autoPlay: true,
        voice: "Daniel",
        rate: 50,
        pitch: -1,
        language: "en-GB",
      }),
    ).toEqual({
      autoPlay: true,
      voice: "Daniel",
      rate: 10,
      pitch: 0,
      language: "en-GB",
    });
    expect(voiceDefaults.synthesis({ rate: Number.NaN }).rate).toBe(1);
  });
});
