import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { access } from "../auth/access-rule.js";
import { ApiError } from "../http/api-error.js";
import { setPagePolicy } from "../http/security-headers.js";

export interface ConsolePageOptions {
  /**
   * The built console (`index.html`, `console.js`, `console.css`).
   * @default packages/console/dist in this repository
   */
  directory?: string;
}

/** The same relative path works from src/routes (tests) and dist/routes (npm start). */
const defaultDirectory = fileURLToPath(new URL("../../../console/dist/", import.meta.url));

/**
 * The console's policy: its own scripts and styles only, nothing inline, no frames, no foreign
 * connections. The widget previewed in the Assistants page comes from this server too, and
 * styles itself with constructed stylesheets, which `style-src 'self'` allows.
 */
export const consoleContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const files = [
  { url: "/console", file: "index.html", type: "text/html; charset=utf-8" },
  { url: "/console/console.js", file: "console.js", type: "text/javascript; charset=utf-8" },
  { url: "/console/console.css", file: "console.css", type: "text/css; charset=utf-8" },
] as const;

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Nexus Chat console</title></head>
<body><main><h1>The console has not been built</h1>
<p>Run <code>npm run build</code> (or <code>npm start</code>) from the repository root, then reload.</p></main></body></html>`;

/** Serves the operator console at `/console` under a strict Content-Security-Policy. */
export async function consolePageRoutes(app: FastifyInstance, options: ConsolePageOptions = {}) {
  const directory = options.directory ?? defaultDirectory;
  for (const { url, file, type } of files) {
    // Static files, the same for everyone: the console's API decides what an operator sees.
    app.get(url, { config: access.public }, async (_request, reply) => {
      // nosniff and no-referrer come with every response (installSecurityHeaders).
      reply
        .header("cache-control", "no-cache")
        .header("cross-origin-resource-policy", "same-origin");
      setPagePolicy(reply, consoleContentSecurityPolicy, ["'none'"]);
      try {
        return reply.type(type).send(await readFile(join(directory, file)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        // Like every other error: the catalogue's envelope (the probe counted a bare-text 404).
        if (file !== "index.html")
          throw new ApiError("NOT_FOUND", "The console has not been built: run npm run build.");
        return reply.code(503).type("text/html; charset=utf-8").send(notBuiltPage);
      }
    });
  }
}
