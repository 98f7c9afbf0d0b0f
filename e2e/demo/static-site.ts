// Publishes built example pages on the harness's host-page server: another loopback origin than
// the API's, as on a real site (Chromium refuses loopback calls from pages it did not load over
// the network, so a real server is needed, not request interception).
import { readdir, readFile } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import type { HostPageServer } from "../support/host-page-server.js";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".map": "application/json",
};

/** Serves every file of `directory` under `prefix` (e.g. `/react-host/`); returns the page URL. */
export async function publishFolder(
  pages: HostPageServer,
  prefix: string,
  directory: string,
): Promise<string> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const file = {
      body: await readFile(path, "utf8"),
      contentType: contentTypes[extname(path)] ?? "text/plain; charset=utf-8",
    };
    const url = `${prefix}${relative(directory, path)}`;
    pages.addFile(url, file);
    if (url.endsWith("/index.html")) pages.addFile(url.slice(0, -"index.html".length), file);
  }
  return `${pages.origin}${prefix}`;
}
