import type { LinkParams } from "@nexus-chat/protocol";

/** Schemes an answer's link may navigate to; every other scheme is handled by the widget. */
export const navigableProtocols = new Set(["http:", "https:", "mailto:", "tel:"]);

/** A link's scheme (lower-case, with its colon) and the parameters its href carries. */
export interface ParsedLink {
  protocol: string;
  params: LinkParams;
}

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * Parses a link found in an answer. Web links give their query parameters. Any other scheme
 * gives `proto:key=value&k2=v2` → `{ key, k2 }` and `proto:value` → `{ value }`; a
 * `proto:value?key=v` form gives both. Values are URL-decoded strings.
 */
export function parseLink(href: string, baseUrl?: string): ParsedLink {
  const scheme = /^([a-z][a-z\d+.-]*:)/i.exec(href.trim())?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === "http:" || scheme === "https:") {
    try {
      const url = new URL(href, baseUrl);
      return { protocol: url.protocol, params: Object.fromEntries(url.searchParams) };
    } catch {
      return { protocol: scheme ?? "", params: {} };
    }
  }
  const rest = href.trim().slice(scheme.length).replace(/#.*$/, "");
  const queryStart = rest.indexOf("?");
  const head = queryStart >= 0 ? rest.slice(0, queryStart) : rest;
  const query = queryStart >= 0 ? rest.slice(queryStart + 1) : "";
  const params: LinkParams = {};
  if (head.includes("=")) Object.assign(params, Object.fromEntries(new URLSearchParams(head)));
  else if (head) params.value = decode(head);
  if (query) Object.assign(params, Object.fromEntries(new URLSearchParams(query)));
  return { protocol: scheme, params };
}
