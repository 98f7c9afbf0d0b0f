/** The interceptor patterns the demo can switch between. */
export const interceptorPatterns = ["pass-through", "enrich", "local", "throw"] as const;
export type InterceptorPattern = (typeof interceptorPatterns)[number];

/** Everything the preset switches control. */
export interface DemoPresets {
  layout: "floating" | "embedded";
  theme: "light" | "dark";
  shadowDom: boolean;
  disclaimer: boolean;
  interceptor: InterceptorPattern;
}

export const defaultPresets: DemoPresets = {
  layout: "floating",
  theme: "light",
  shadowDom: false,
  disclaimer: false,
  interceptor: "pass-through",
};

/** Reads presets from the page's query string, so a reload or a shared link keeps them. */
export function presetsFromQuery(query: string): DemoPresets {
  const parameters = new URLSearchParams(query);
  const pick = <Value extends string>(name: string, allowed: readonly Value[], fallback: Value) => {
    const value = parameters.get(name);
    return allowed.includes(value as Value) ? (value as Value) : fallback;
  };
  const flag = (name: string, fallback: boolean) => {
    const value = parameters.get(name);
    return value === null ? fallback : value === "on";
  };
  return {
    layout: pick("layout", ["floating", "embedded"], defaultPresets.layout),
    theme: pick("theme", ["light", "dark"], defaultPresets.theme),
    shadowDom: flag("shadowDom", defaultPresets.shadowDom),
    disclaimer: flag("disclaimer", defaultPresets.disclaimer),
    interceptor: pick("interceptor", interceptorPatterns, defaultPresets.interceptor),
  };
}

/** The query string for these presets; defaults are left out to keep the address short. */
export function presetsToQuery(presets: DemoPresets): string {
  const parameters = new URLSearchParams();
  for (const key of Object.keys(presets) as (keyof DemoPresets)[]) {
    const value = presets[key];
    if (value === defaultPresets[key]) continue;
    parameters.set(key, typeof value === "boolean" ? (value ? "on" : "off") : value);
  }
  const query = parameters.toString();
  return query ? `?${query}` : "";
}
