import type { WidgetConfig, WindowSizingMode } from "@nexus-chat/protocol";

/** A CSS value from an option: numbers are pixels; anything that could end the rule is dropped. */
export function cssValue(value: unknown, unitless = false): string | undefined {
  if (typeof value === "number" && Number.isFinite(value))
    return unitless ? String(value) : `${value}px`;
  return typeof value === "string" && value.trim() && !/[;{}<>\\]|\/\*/.test(value)
    ? value
    : undefined;
}

/** Custom property → option path; the base stylesheet reads these properties. */
const properties = `primary branding.primaryColor
l-bg button.backgroundColor
l-fg button.textColor
l-hover button.hoverBackgroundColor
l-radius button.borderRadius
w-bg window.backgroundColor
w-radius window.borderRadius
w-shadow window.boxShadow
accent window.topAccentColor
hd-bg window.header.backgroundColor
hd-fg window.header.textColor
hd-icon window.header.iconColor
hd-pad window.header.padding
b-max bubbles.maxWidth
u-bg bubbles.user.backgroundColor
u-fg bubbles.user.textColor
u-radius bubbles.user.borderRadius
a-bg bubbles.assistant.backgroundColor
a-fg bubbles.assistant.textColor
a-radius bubbles.assistant.borderRadius
i-bg input.backgroundColor
i-fg input.textColor
i-border input.borderColor
thumb scrollbar.thumbColor
thumb-hover scrollbar.thumbHoverColor
track scrollbar.trackColor`;

/** Element (under the instance's root) → where its typography options live. */
const typography = `|typography
.nxc-launcher|button.typography
.nxc-title|window.header.typography
.nxc-bubble|bubbles.assistant.typography
[data-nexus-role=user] .nxc-bubble|bubbles.user.typography
.nxc-input|input.typography`;

const read = (config: object, path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], config);

/**
 * The rules that carry one instance's options, scoped to `[data-nxc-id="<id>"]`: custom
 * properties the base stylesheet reads, and the width and height of each sizing mode.
 */
export function instanceCss(id: string, config: WidgetConfig, modes: WindowSizingMode[]): string {
  const scope = `.nxc-root[data-nxc-id="${id}"]`;
  const declarations: string[] = [];
  const add = (name: string, value: string | undefined) => {
    if (value !== undefined) declarations.push(`--nxc-${name}:${value}`);
  };
  for (const line of properties.split("\n")) {
    const [name, path] = line.split(" ") as [string, string];
    add(name, cssValue(read(config, path)));
  }
  const fonts = typography.split("\n").map((line) => {
    const [selector, path] = line.split("|") as [string, string];
    const font = read(config, path) as Record<string, unknown> | undefined;
    const rule = [
      ["font-family", cssValue(font?.fontFamily)],
      ["font-size", cssValue(font?.fontSize)],
      ["line-height", cssValue(font?.lineHeight, true)],
      ["font-weight", cssValue(font?.fontWeight, true)],
    ]
      .filter(([, value]) => value)
      // Important, like the base sheet's font sizes, which guard against a host's `* { font-size: … !important }`.
      .map(([name, value]) => `${name}:${value}!important`)
      .join(";");
    return rule ? `${scope} ${selector}{${rule}}` : "";
  });
  const windowOptions = config.window ?? {};
  if (windowOptions.topAccentColor)
    add("accent-h", cssValue(windowOptions.topAccentHeight) ?? "4px");
  const scrollbarWidth = config.scrollbar?.width;
  // Standard scrollbars know only "thin" and "auto"; the configured width picks the nearer one.
  if (scrollbarWidth !== undefined)
    add("sb", parseFloat(String(scrollbarWidth)) > 10 ? "auto" : "thin");
  const sizes = modes.map(
    (mode) =>
      `${scope} .nxc-window[data-mode="${mode.name.replace(/["\\]/g, "\\$&")}"]{--nxc-w:${
        cssValue(windowOptions.width) ?? cssValue(mode.width)
      };--nxc-h:${cssValue(windowOptions.height) ?? cssValue(mode.height)}}`,
  );
  return `${scope}{${declarations.join(";")}}${sizes.join("")}${fonts.join("")}`;
}
