import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { IngestionJob, QueryResponse } from "@nexus-chat/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/support/test-app.js";
import { collectWebDocuments } from "./web-source.js";

const boilerplate = `<header><nav><a href="/">Home</a> | <a href="/guide/returns">Returns</a> |
  <a href="/guide/shipping">Shipping</a> | <a href="/private/staff">Staff</a></nav></header>`;
const footer = `<footer><p>© Trail Outfitters. <a href="https://elsewhere.example/">Partner</a></p></footer>`;

const page = (title: string, body: string): string =>
  `<!doctype html><html><head><title>${title}</title></head><body>${boilerplate}
  <main><article><h1>${title}</h1>${body}</article></main>${footer}</body></html>`;

const long = (sentence: string): string => `<p>${sentence}</p>`.repeat(4);

/** A small site served on loopback, recording what was asked of it. */
const site: Record<string, { type: string; body: string; status?: number }> = {
  "/robots.txt": { type: "text/plain", body: "User-agent: *\nDisallow: /private\n" },
  "/": {
    type: "text/html",
    body: page(
      "Trail Outfitters",
      long("We sell tents, stoves and boots for the trail, and we repair them too.") +
        `<p>See <a href="/guide/returns#top">returns</a> and <a href="/manual.pdf">the manual</a>.</p>`,
    ),
  },
  "/guide/returns": {
    type: "text/html; charset=utf-8",
    body: page(
      "Returns",
      long("Return unused items within 30 days for a full refund to your card.") +
        `<ul><li>Keep the receipt</li><li>Use the <a href="/guide/shipping">prepaid label</a></li></ul>`,
    ),
  },
  "/guide/shipping": {
    type: "text/html",
    body: page("Shipping", long("We ship to every country in Europe within five days.")),
  },
  "/private/staff": { type: "text/html", body: page("Staff", long("Door code 4711.")) },
  "/manual.pdf": { type: "application/pdf", body: "%PDF-1.4" },
  "/old-returns": { type: "text/html", body: "", status: 301 },
  "/sitemap.xml": {
    type: "application/xml",
    body: `<?xml version="1.0" encoding="UTF-8"?>
      <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>ORIGIN/sitemap-guide.xml</loc></sitemap>
      </sitemapindex>`,
  },
  "/sitemap-guide.xml": {
    type: "application/xml",
    body: `<?xml version="1.0" encoding="UTF-8"?>
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>ORIGIN/guide/shipping</loc></url>
        <url><loc>ORIGIN/old-returns</loc></url>
        <url><loc>ORIGIN/gone</loc></url>
      </urlset>`,
  },
};

describe("web ingestion", () => {
  let server: Server;
  let origin: string;
  const requests: { path: string; userAgent: string }[] = [];
  let open = 0;
  let mostOpen = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const path = request.url ?? "/";
      requests.push({ path, userAgent: request.headers["user-agent"] ?? "" });
      open += 1;
      mostOpen = Math.max(mostOpen, open);
      // A little latency, so overlapping requests would show.
      setTimeout(() => {
        open -= 1;
        const entry = site[path];
        if (!entry) return response.writeHead(404).end("not found");
        if (entry.status === 301)
          return response.writeHead(301, { location: "/guide/returns" }).end();
        response
          .writeHead(200, { "content-type": entry.type })
          .end(entry.body.replaceAll("ORIGIN", origin));
      }, 5);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("crawls a site within its origin, one request at a time, honouring robots.txt", async () => {
    requests.length = 0;
    const { documents, skipped } = await collectWebDocuments(
      { crawl: { startUrl: `${origin}/`, maxDepth: 2 } },
      { allowPrivateNetworks: true },
    );
    expect(documents.map((document) => document.url).sort()).toEqual(
      [`${origin}/`, `${origin}/guide/returns`, `${origin}/guide/shipping`].sort(),
    );
    expect(skipped).toEqual(
      expect.arrayContaining([
        { url: `${origin}/private/staff`, reason: "disallowed by robots.txt" },
        { url: `${origin}/manual.pdf`, reason: "not an HTML page (application/pdf)" },
      ]),
    );
    // robots.txt once; the disallowed page and the other site never asked for.
    expect(requests.filter((request) => request.path === "/robots.txt")).toHaveLength(1);
    expect(requests.some((request) => request.path.startsWith("/private"))).toBe(false);
    expect(mostOpen).toBe(1);
    expect(requests.every((request) => request.userAgent.startsWith("NexusChatBot/"))).toBe(true);

    const returns = documents.find((document) => document.url === `${origin}/guide/returns`);
    expect(returns).toMatchObject({ title: "Returns", format: "markdown" });
    expect(returns?.content).toContain("Return unused items within 30 days");
    expect(returns?.content).toContain(`- Use the [prepaid label](${origin}/guide/shipping)`);
    // The navigation and footer that every page repeats are not part of the content.
    expect(returns?.content).not.toContain("Staff");
    expect(returns?.content).not.toContain("Partner");
  });

  it("reads a sitemap index, follows redirects and skips pages that are gone", async () => {
    const { documents, skipped } = await collectWebDocuments(
      { sitemap: `${origin}/sitemap.xml` },
      { allowPrivateNetworks: true },
    );
    expect(documents.map((document) => document.url)).toEqual([
      `${origin}/guide/shipping`,
      `${origin}/guide/returns`,
    ]);
    expect(skipped).toEqual([{ url: `${origin}/gone`, reason: "HTTP 404" }]);
  });

  it("stops at maxPages, and refuses private networks unless allowed", async () => {
    const limited = await collectWebDocuments(
      { crawl: { startUrl: `${origin}/` } },
      { allowPrivateNetworks: true, maxPages: 2 },
    );
    expect(limited.documents.length + limited.skipped.length).toBe(2);
    const refused = await collectWebDocuments({ urls: [`${origin}/`] });
    expect(refused.documents).toEqual([]);
    expect(refused.skipped[0]?.reason).toMatch(/private network; set WEB_INGESTION_ALLOW_PRIVATE/);
  });

  describe("POST /data-ingestion/web", () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await startTestApp({ webIngestion: { allowPrivateNetworks: true } });
      await test.createExperience({ id: "shop", name: "Shop" });
    });
    afterAll(() => test.close());

    it("crawls into an experience, and the answers come from the pages", async () => {
      const response = await test.app.inject({
        method: "POST",
        url: "/api/v2/data-ingestion/web",
        headers: test.adminHeaders,
        payload: { experienceId: "shop", crawl: { startUrl: `${origin}/` } },
      });
      expect(response.statusCode, response.body).toBe(202);
      const location = response.headers.location as string;
      let job = response.json<IngestionJob>();
      for (let polls = 0; job.status !== "completed" && polls < 100; polls += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        job = (await test.app.inject({ url: location, headers: test.adminHeaders })).json();
      }
      expect(job).toMatchObject({ status: "completed", total: 3, created: 3 });
      const answer = (
        await test.app.inject({
          method: "POST",
          url: "/api/v2/query",
          payload: { experienceId: "shop", text: "How many days do I have to return an item?" },
        })
      ).json<QueryResponse>();
      expect(answer.answer).toContain("30 days");
      expect(answer.sources[0]).toMatchObject({ title: "Returns", url: `${origin}/guide/returns` });
    });

    it("answers 400 with the reasons when no page could be read, and needs a source", async () => {
      const none = await test.app.inject({
        method: "POST",
        url: "/api/v2/data-ingestion/web",
        headers: test.adminHeaders,
        payload: { experienceId: "shop", urls: [`${origin}/gone`] },
      });
      expect(none.statusCode).toBe(400);
      expect(none.json()).toMatchObject({
        code: "VALIDATION_FAILED",
        message: `No page could be read (${origin}/gone: HTTP 404).`,
      });
      const empty = await test.app.inject({
        method: "POST",
        url: "/api/v2/data-ingestion/web",
        headers: test.adminHeaders,
        payload: { experienceId: "shop" },
      });
      expect(empty.statusCode).toBe(400);
      const scheme = await test.app.inject({
        method: "POST",
        url: "/api/v2/data-ingestion/web",
        headers: test.adminHeaders,
        payload: { experienceId: "shop", urls: ["file:///etc/passwd"] },
      });
      expect(scheme.statusCode).toBe(400);
    });
  });
});
