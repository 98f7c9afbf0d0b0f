import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { access } from "../auth/access-rule.js";
import { ApiError } from "../http/api-error.js";
import {
  defaultFrameAncestors,
  demoPageContentSecurityPolicy,
  setPagePolicy,
  type FrameAncestors,
} from "../http/security-headers.js";

export interface DemoPageOptions {
  /**
   * The built events demo (`index.html`, `demo.js`, `demo.css`).
   * @default examples/events-demo/dist in this repository
   */
  directory?: string;
  /** Who may frame the page. @default ["'self'"] */
  frameAncestors?: FrameAncestors;
}

/** The same relative path works from src/routes (tests) and dist/routes (npm start). */
const defaultDirectory = fileURLToPath(
  new URL("../../../../examples/events-demo/dist/", import.meta.url),
);

/** The demo's files by URL: a fixed list, so no request path ever reaches the file system. */
const files = [
  { url: "/", file: "index.html", type: "text/html; charset=utf-8" },
  { url: "/demo/demo.js", file: "demo.js", type: "text/javascript; charset=utf-8" },
  { url: "/demo/demo.js.map", file: "demo.js.map", type: "application/json; charset=utf-8" },
  { url: "/demo/demo.css", file: "demo.css", type: "text/css; charset=utf-8" },
] as const;

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Nexus Chat</title></head>
<body><main><h1>Nexus Chat is running</h1>
<p>The events demo has not been built. Run <code>npm run build</code> (or <code>npm start</code>) from the repository root, then reload.</p>
<p>The API is under <a href="/api/v2/health">/api/v2</a>.</p></main></body></html>`;

/**
 * Serves the live events demo (examples/events-demo) at `/`. Files are read on each request so a
 * rebuilt demo shows without a restart; they are small and this is a development page.
 */
export async function demoPageRoutes(app: FastifyInstance, options: DemoPageOptions = {}) {
  const directory = options.directory ?? defaultDirectory;
  const frameAncestors = options.frameAncestors ?? defaultFrameAncestors;
  const policy = demoPageContentSecurityPolicy(frameAncestors);
  for (const { url, file, type } of files) {
    app.get(url, { config: access.public }, async (_request, reply) => {
      reply.header("cache-control", "no-cache");
      setPagePolicy(reply, policy, frameAncestors);
      try {
        const body = await readFile(join(directory, file));
        return reply.type(type).send(body);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        if (file !== "index.html") throw new ApiError("NOT_FOUND", "The demo has not been built.");
        return reply.code(503).type("text/html; charset=utf-8").send(notBuiltPage);
      }
    });
  }
}
