import { afterEach, describe, expect, it, vi } from "vitest";
import { optionSpec } from "./option-spec.js";
import { validateOptions } from "./validate-config.js";

const warnings = () => vi.mocked(console.warn).mock.calls.map(([message]) => String(message));

describe("validateOptions", () => {
  afterEach(() => vi.restoreAllMocks());

  it("keeps valid options untouched and says nothing", () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const handler = () => undefined;
    const config = {
      experienceId: "demo",
      apiUrl: "https://chat.example.com",
      theme: "dark",
      window: {
        width: "90vw",
        sizing: { modes: [{ name: "small", width: 300, height: 400 }] },
        header: { title: "Help" },
      },
      features: { voice: { autoSend: true }, tts: true },
      advanced: { customProtocolHandlers: { "tour:": handler }, requestTimeout: 5000 },
    };
    expect(validateOptions(config, optionSpec)).toEqual(config);
    expect(console.warn).not.toHaveBeenCalled();
  });

  it("warns about unknown options by their full path and drops them", () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const result = validateOptions(
      { experienceId: "demo", colour: "red", window: { sizing: { mode: "big" } } },
      optionSpec,
    );
    expect(result).toEqual({ experienceId: "demo", window: { sizing: {} } });
    expect(warnings()).toEqual([
      expect.stringContaining('"colour"'),
      expect.stringContaining('"window.sizing.mode"'),
    ]);
  });

  it("warns about mistyped values, naming the option and what it accepts, and never throws", () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const result = validateOptions(
      {
        theme: "blue",
        embedded: "yes",
        input: { maxLength: "long" },
        window: { sizing: { modes: "big" } },
        advanced: { messageInterceptor: "nope", customProtocolHandlers: { "tour:": 1 } },
        features: { voice: "on" },
      },
      optionSpec,
    );
    expect(result).toEqual({
      input: {},
      window: { sizing: {} },
      advanced: { customProtocolHandlers: {} },
      features: {},
    });
    const messages = warnings();
    expect(messages).toHaveLength(7);
    expect(messages[0]).toContain('"theme" must be "light" | "dark" | "auto"');
    expect(messages.join("\n")).toContain('"advanced.customProtocolHandlers.tour:"');
    expect(messages.join("\n")).toContain('"window.sizing.modes"');
  });

  it("knows every top-level option of WidgetConfig", () => {
    expect(Object.keys(optionSpec).sort()).toEqual(
      [
        "experienceId",
        "apiUrl",
        "accessToken",
        "userId",
        "locale",
        "theme",
        "typography",
        "embedded",
        "container",
        "useShadowDOM",
        "disableTabSync",
        "button",
        "window",
        "bubbles",
        "input",
        "messages",
        "disclaimer",
        "branding",
        "features",
        "events",
        "scrollbar",
        "advanced",
      ].sort(),
    );
  });
});
