/**
 * Parameters parsed from a link's href. `proto:key=value&k2=v2` gives `{ key: "value", k2: "v2" }`;
 * `proto:value` gives `{ value: "value" }`; http(s) links give their query parameters. Values are
 * URL-decoded strings.
 */
export type LinkParams = Record<string, string>;
