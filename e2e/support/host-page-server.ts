// A second origin serving host pages, so the widget calls the API cross-origin as on a real site.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import type { AddressInfo } from "node:net";
import { servedBundlePath } from "./served-bundle.js";

/** One file the page server answers with. */
export interface HostFile {
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}

export interface HostPageServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** Serves `body` at `path` (a path starting with `/`); returns its absolute URL. */
  addFile(path: string, file: HostFile): string;
  close(): Promise<void>;
}

export async function startHostPageServer(): Promise<HostPageServer> {
  const files = new Map<string, HostFile>();
  const server = createServer(async (incoming, outgoing) => {
    const path = new URL(incoming.url ?? "/", "http://host").pathname;
    if (/^\/nexus-chat-widget(-markdown|-i18n-[\w-]+)?\.js$/.test(path)) {
      // The same built bundle, its markdown chunk and language packs, from the page's own origin
      // (for pages whose CSP allows only 'self').
      const body = await readFile(join(dirname(servedBundlePath()), path.slice(1)), "utf8");
      outgoing.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
      outgoing.end(body);
      return;
    }
    const file = files.get(path);
    if (!file) {
      outgoing.writeHead(404, { "content-type": "text/plain" });
      outgoing.end("not found");
      return;
    }
    outgoing.writeHead(200, {
      "content-type": file.contentType,
      "cache-control": "no-store",
      ...file.headers,
    });
    outgoing.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    addFile(path, file) {
      files.set(path, file);
      return `${origin}${path}`;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
