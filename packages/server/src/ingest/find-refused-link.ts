import { findUnsafeLinks } from "./drop-unsafe-links.js";
import { schemeOf, type LinkPolicy } from "./link-policy.js";

/** A link found where it may not be stored: which field, and the URL. */
export interface RefusedLink {
  /** The field's path, as the request names it: `widget.welcomeActions.actions[0].action.url`. */
  field: string;
  url: string;
}

/** Keys whose string value is a URL the widget follows or loads (`url`, `iconUrl`, `href`…). */
const urlKeyPattern = /(^|[a-z])(url|href|src)$/i;

/**
 * The first link in a stored configuration (an experience's widget settings: welcome actions,
 * icon and avatar URLs, markdown in welcome and disclaimer texts) that `policy` refuses, or
 * undefined. Every string under a URL-like key is a URL; every other string is read as markdown,
 * as the widget renders it, so `[Help](javascript:…)` in a welcome message is found too.
 */
export function findRefusedLink(
  value: unknown,
  policy: LinkPolicy,
  field: string,
): RefusedLink | undefined {
  if (typeof value === "string") {
    const key = /([^.[\]]+)\]?$/.exec(field)?.[1] ?? "";
    if (urlKeyPattern.test(key)) return policy.allows(value) ? undefined : { field, url: value };
    // Only text that could hold a link is lexed: most settings are colours and labels.
    if (!/[:&<]/.test(value)) return undefined;
    const [url] = findUnsafeLinks(value, policy);
    return url === undefined ? undefined : { field, url };
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findRefusedLink(item, policy, `${field}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = findRefusedLink(item, policy, `${field}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** How a refused link is explained: its field, its scheme, and what is allowed. */
export function refusedLinkMessage(refused: RefusedLink, policy: LinkPolicy): string {
  const scheme = schemeOf(refused.url);
  return (
    `${refused.field}: ${scheme ? `"${scheme}:"` : "this"} links are not allowed ` +
    `(allowed: relative URLs and ${policy.schemes.map((name) => `${name}:`).join(", ")}; ` +
    "set LINK_SCHEMES for custom protocols)."
  );
}
