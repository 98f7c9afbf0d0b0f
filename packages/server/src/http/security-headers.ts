import helmet from "@fastify/helmet";
import type { FastifyInstance, FastifyReply } from "fastify";

/**
 * Who may frame the server's pages that are meant to be embedded (the events demo), as
 * `frame-ancestors` sources: `'self'`, `'none'`, or origins such as `https://docs.example.com`.
 * The console and every API response may never be framed, whatever this says.
 * @default ["'self'"]
 */
export type FrameAncestors = readonly string[];

export const defaultFrameAncestors: FrameAncestors = ["'self'"];

/** A source `frame-ancestors` accepts: a keyword, or a scheme with a host (wildcards allowed). */
const frameAncestorPattern = /^(?:'self'|'none'|https?:\/\/(?:\*\.)?[a-z0-9.-]+(?::\d{1,5})?)$/i;

/** Checks `FRAME_ANCESTORS`/`frameAncestors` sources; returns the message of the first bad one. */
export function invalidFrameAncestor(sources: FrameAncestors): string | undefined {
  if (sources.length === 0) return "frame-ancestors needs at least one source ('none' for none)";
  const bad = sources.find((source) => !frameAncestorPattern.test(source));
  if (bad !== undefined)
    return `"${bad}" is not a frame-ancestors source ('self', 'none' or an http(s) origin)`;
  if (sources.includes("'none'") && sources.length > 1)
    return "'none' cannot be combined with other frame-ancestors sources";
  return undefined;
}

/**
 * The policy of everything that is not a page: JSON, SSE, the widget's scripts. Such a response
 * never needs to load anything, and a browser that is made to render one as a document (an
 * error page opened in a tab, a sniffed upload) must run nothing and be framed by nobody.
 */
export const apiContentSecurityPolicy =
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The events demo at `/`: its own script and stylesheet, the widget from this server (which
 * styles itself with constructed stylesheets, allowed by `style-src 'self'`), answers' images from
 * any https origin, nothing inline. Its `frame-ancestors` is the site owner's to set.
 */
export function demoPageContentSecurityPolicy(frameAncestors: FrameAncestors): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https: data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.join(" ")}`,
  ].join("; ");
}

/**
 * Security headers on every response (`@fastify/helmet`, registered before the rate limits so a
 * 429 carries them too): `nosniff`, `Referrer-Policy: no-referrer`, no framing, the API policy
 * above. The widget's bundle and the API are used from other sites, so resources may be read
 * across origins (`Cross-Origin-Resource-Policy: cross-origin`; CORS still decides what scripts
 * may read). HSTS is left to the proxy that terminates TLS (the server itself speaks plain HTTP
 * behind it, see `docs/deployment.md`). Pages override the policy with {@link setPagePolicy}.
 */
export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: "cross-origin" },
    crossOriginOpenerPolicy: { policy: "same-origin" },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "no-referrer" },
    frameguard: { action: "deny" },
    strictTransportSecurity: false,
  });
  // One fixed string is cheaper than helmet's per-request directive builder.
  app.addHook("onRequest", async (_request, reply) => {
    void reply.header("content-security-policy", apiContentSecurityPolicy);
  });
}

/**
 * Gives a page its own policy. `X-Frame-Options` knows only "deny" and "same origin", so a page
 * that other origins may frame drops it and relies on `frame-ancestors`, which every current
 * browser applies in its place.
 */
export function setPagePolicy(
  reply: FastifyReply,
  policy: string,
  frameAncestors: FrameAncestors,
): void {
  void reply.header("content-security-policy", policy);
  if (frameAncestors.length === 1 && frameAncestors[0] === "'none'")
    void reply.header("x-frame-options", "DENY");
  else if (frameAncestors.length === 1 && frameAncestors[0] === "'self'")
    void reply.header("x-frame-options", "SAMEORIGIN");
  else void reply.removeHeader("x-frame-options");
}
