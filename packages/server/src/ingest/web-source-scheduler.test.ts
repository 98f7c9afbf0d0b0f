import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  ConsoleWebImport,
  IngestionJob,
  QueryResponse,
  WebSource,
  WebSourceList,
} from "@nexus-chat/protocol";
import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../app.js";
import { createTestDatabase, type TestDatabase } from "../../test/support/test-database.js";
import { signInOperator } from "../../test/support/console-sessions.js";
import {
  adminToken,
  jwtSecret,
  testPasswordCost,
  waitForJob,
} from "../../test/support/test-app.js";

interface SitePage {
  body: string;
  etag?: string;
  lastModified?: string;
  status?: number;
}

const page = (title: string, sentence: string): string =>
  `<!doctype html><html><head><title>${title}</title></head><body><main><article>` +
  `<h1>${title}</h1>${`<p>${sentence}</p>`.repeat(4)}</article></main></body></html>`;

/** The site as the test has it now; the test changes it between crawls. */
let site: Map<string, SitePage>;
let listed: string[];

function firstSite(): void {
  site = new Map([
    ["/a", { body: page("Returns", "Return items within 30 days."), etag: '"a1"' }],
    [
      "/b",
      {
        body: page("Shipping", "We ship within five days."),
        lastModified: "Tue, 01 Dec 2026 10:00:00 GMT",
      },
    ],
    ["/c", { body: page("Repairs", "We repair tents and stoves.") }],
    ["/d", { body: page("Stores", "Our store in Lyon opens at nine."), etag: '"d1"' }],
    ["/f", { body: page("Careers", "We hire guides every spring.") }],
  ]);
  listed = ["/a", "/b", "/c", "/d", "/f"];
}

/** What the site was asked. */
const requests: { path: string; ifNoneMatch?: string; ifModifiedSince?: string }[] = [];

function answer(request: IncomingMessage, origin: string) {
  const path = new URL(request.url ?? "/", origin).pathname;
  requests.push({
    path,
    ...(request.headers["if-none-match"] && { ifNoneMatch: request.headers["if-none-match"] }),
    ...(request.headers["if-modified-since"] && {
      ifModifiedSince: request.headers["if-modified-since"],
    }),
  });
  if (path === "/robots.txt") return { status: 404, headers: {}, body: "" };
  if (path === "/sitemap.xml") {
    const sitemap = site.get("/sitemap.xml");
    if (sitemap?.status) return { status: sitemap.status, headers: {}, body: "" };
    return {
      status: 200,
      headers: { "content-type": "application/xml" },
      body:
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' +
        listed.map((path) => `<url><loc>${origin}${path}</loc></url>`).join("") +
        "</urlset>",
    };
  }
  const entry = site.get(path);
  if (!entry) return { status: 404, headers: {}, body: "not found" };
  if (entry.status) return { status: entry.status, headers: {}, body: "" };
  const validators = {
    ...(entry.etag && { etag: entry.etag }),
    ...(entry.lastModified && { "last-modified": entry.lastModified }),
  };
  const unchanged =
    (entry.etag && request.headers["if-none-match"] === entry.etag) ||
    (entry.lastModified && request.headers["if-modified-since"] === entry.lastModified);
  if (unchanged) return { status: 304, headers: validators, body: "" };
  return { status: 200, headers: { "content-type": "text/html", ...validators }, body: entry.body };
}

describe("web sources crawled on a schedule", { timeout: 60_000 }, () => {
  let server: Server;
  let origin: string;
  let database: TestDatabase;
  const apps: FastifyInstance[] = [];
  const headers = { authorization: `Bearer ${adminToken}` };

  /** A server process on the test's database (two of them share it). */
  const startProcess = async (): Promise<FastifyInstance> => {
    const app = await createApp({
      databaseUrl: database.url,
      adminToken,
      jwtSecret,
      logLevel: "silent",
      seedDemo: false,
      rateLimits: false,
      passwordCost: testPasswordCost,
      webIngestion: { allowPrivateNetworks: true },
      // Crawls run when the test asks, not on a timer.
      webSources: { pollIntervalMs: 0 },
      jobs: { pollIntervalMs: 0 },
      demoPageDirectory: "/nonexistent",
      widgetBundlePath: "/nonexistent.js",
    });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      const { status, headers, body } = answer(request, origin);
      response.writeHead(status, headers).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  beforeEach(async () => {
    firstSite();
    requests.length = 0;
    database = await createTestDatabase();
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await database.drop();
  });

  const documents = async (app: FastifyInstance) =>
    (await app.nexus.store.knowledge.listDocuments("shop"))
      .map((document) => document.externalId)
      .sort();

  const crawled = async (app: FastifyInstance, sourceId: string): Promise<WebSource> => {
    await app.nexus.webSources.runDue();
    const source = (
      await app.inject({ url: `/api/v2/data-ingestion/web-sources/${sourceId}`, headers })
    ).json<WebSource>();
    if (source.lastCrawl?.jobId) {
      const job = (await waitForJob(app, source.lastCrawl.jobId)) as unknown as IngestionJob;
      expect(job.status).toBe("completed");
    }
    return source;
  };

  it("fetches only what changed, updates changed pages and removes the documents of pages gone", async () => {
    const app = await startProcess();
    await app.inject({
      method: "POST",
      url: "/api/v2/admin/experiences",
      headers,
      payload: { id: "shop", name: "Shop" },
    });
    const created = await app.inject({
      method: "POST",
      url: "/api/v2/data-ingestion/web-sources",
      headers,
      payload: { experienceId: "shop", sitemap: `${origin}/sitemap.xml`, intervalMinutes: 60 },
    });
    expect(created.statusCode).toBe(201);
    const { sourceId } = created.json<WebSource>();

    const first = await crawled(app, sourceId);
    expect(first.lastCrawl).toMatchObject({ changed: 5, unchanged: 0, removed: 0, skipped: 0 });
    expect(first.pages).toBe(5);
    expect(await documents(app)).toEqual(
      ["/a", "/b", "/c", "/d", "/f"].map((path) => origin + path),
    );
    // The next crawl is due an interval after this one started.
    expect(Date.parse(first.nextCrawlAt) - Date.parse(first.lastCrawl!.startedAt)).toBe(3_600_000);

    // Between crawls: /a changes, /b and /c do not (/c sends no validators), /d is gone,
    // /f leaves the sitemap, /e is new.
    site.set("/a", { body: page("Returns", "Return items within 60 days now."), etag: '"a2"' });
    site.set("/d", { body: "", status: 410 });
    site.set("/e", { body: page("Rentals", "Rent a tent for the weekend.") });
    listed = ["/a", "/b", "/c", "/d", "/e"];
    requests.length = 0;
    await app.inject({
      method: "POST",
      url: `/api/v2/data-ingestion/web-sources/${sourceId}/crawl`,
      headers,
    });
    const second = await crawled(app, sourceId);
    expect(second.lastCrawl).toMatchObject({ changed: 2, unchanged: 2, removed: 2, skipped: 0 });
    expect(requests.find((request) => request.path === "/a")).toMatchObject({
      ifNoneMatch: '"a1"',
    });
    expect(requests.find((request) => request.path === "/b")).toMatchObject({
      ifModifiedSince: "Tue, 01 Dec 2026 10:00:00 GMT",
    });
    expect(await documents(app)).toEqual(["/a", "/b", "/c", "/e"].map((path) => origin + path));
    const answer = (
      await app.inject({
        method: "POST",
        url: "/api/v2/query",
        payload: { experienceId: "shop", text: "How many days do I have to return an item?" },
      })
    ).json<QueryResponse>();
    expect(answer.answer).toContain("60 days");

    // The site is down: nothing is removed, and the crawl says why.
    site.set("/sitemap.xml", { body: "", status: 503 });
    await app.nexus.store.webSources.makeDue(sourceId);
    const third = await crawled(app, sourceId);
    expect(third.lastCrawl).toMatchObject({ changed: 0, removed: 0 });
    expect(third.lastCrawl?.error).toMatch(/sitemap\.xml: HTTP 503/);
    expect(await documents(app)).toHaveLength(4);

    // Listed with its experience; deleted, its documents stay.
    const list = (
      await app.inject({ url: "/api/v2/data-ingestion/web-sources?experienceId=shop", headers })
    ).json<WebSourceList>();
    expect(list.items.map((item) => [item.sourceId, item.pages])).toEqual([[sourceId, 4]]);
    const deleted = await app.inject({
      method: "DELETE",
      url: `/api/v2/data-ingestion/web-sources/${sourceId}`,
      headers,
    });
    expect(deleted.statusCode).toBe(204);
    const gone = await app.inject({
      url: `/api/v2/data-ingestion/web-sources/${sourceId}`,
      headers,
    });
    expect(gone.json()).toMatchObject({ statusCode: 404, code: "WEB_SOURCE_NOT_FOUND" });
    expect(await documents(app)).toHaveLength(4);
  });

  it("crawls a due source once when two server processes look at the same time", async () => {
    const one = await startProcess();
    const two = await startProcess();
    await one.inject({
      method: "POST",
      url: "/api/v2/admin/experiences",
      headers,
      payload: { id: "shop", name: "Shop" },
    });
    const { sourceId } = (
      await two.inject({
        method: "POST",
        url: "/api/v2/data-ingestion/web-sources",
        headers,
        payload: {
          experienceId: "shop",
          crawl: { startUrl: `${origin}/a` },
          urls: [`${origin}/c`],
        },
      })
    ).json<WebSource>();
    await Promise.all([one.nexus.webSources.runDue(), two.nexus.webSources.runDue()]);
    for (let round = 0; round < 3; round += 1) {
      await one.nexus.store.webSources.makeDue(sourceId);
      await Promise.all([one.nexus.webSources.runDue(), two.nexus.webSources.runDue()]);
    }
    // Four crawls (the first and three rounds), each fetching /a and /c once.
    expect(requests.filter((request) => request.path === "/a")).toHaveLength(4);
    expect(requests.filter((request) => request.path === "/c")).toHaveLength(4);
  });

  it("refuses a source without an address, or crawled more often than every 5 minutes", async () => {
    const app = await startProcess();
    await app.inject({
      method: "POST",
      url: "/api/v2/admin/experiences",
      headers,
      payload: { id: "shop", name: "Shop" },
    });
    const none = await app.inject({
      method: "POST",
      url: "/api/v2/data-ingestion/web-sources",
      headers,
      payload: { experienceId: "shop" },
    });
    expect(none.statusCode).toBe(400);
    const tooOften = await app.inject({
      method: "POST",
      url: "/api/v2/data-ingestion/web-sources",
      headers,
      payload: { experienceId: "shop", urls: [`${origin}/a`], intervalMinutes: 1 },
    });
    expect(tooOften.statusCode).toBe(400);
  });

  /** A process with the experience "shop" and a web source of its sitemap; returns its id. */
  const sitemapSource = async (app: FastifyInstance, maxPages?: number): Promise<string> => {
    await app.inject({
      method: "POST",
      url: "/api/v2/admin/experiences",
      headers,
      payload: { id: "shop", name: "Shop" },
    });
    const created = await app.inject({
      method: "POST",
      url: "/api/v2/data-ingestion/web-sources",
      headers,
      payload: { experienceId: "shop", sitemap: `${origin}/sitemap.xml`, maxPages },
    });
    return created.json<WebSource>().sourceId;
  };

  it("imports again at the next crawl a page whose import failed, though it did not change", async () => {
    const app = await startProcess();
    const knowledge = app.nexus.store.knowledge;
    const save = knowledge.saveDocument.bind(knowledge);
    // The store refuses /a once (a full disk, say): the job completes, naming it in its errors.
    let refuse = true;
    vi.spyOn(knowledge, "saveDocument").mockImplementation(async (documentId, document) => {
      if (refuse && document.externalId === `${origin}/a`) {
        refuse = false;
        throw new Error("disk full");
      }
      return save(documentId, document);
    });
    const sourceId = await sitemapSource(app);
    const first = await crawled(app, sourceId);
    const firstJob = await app.nexus.store.jobs.get(first.lastCrawl!.jobId!);
    expect(firstJob).toMatchObject({ failed: 1, errors: [{ document: `${origin}/a` }] });
    expect(await documents(app)).toEqual(["/b", "/c", "/d", "/f"].map((path) => origin + path));

    // Nothing changed on the site: /a alone is fetched whole (not with its ETag) and imported.
    requests.length = 0;
    await app.nexus.store.webSources.makeDue(sourceId);
    const second = await crawled(app, sourceId);
    expect(second.lastCrawl).toMatchObject({ changed: 1, unchanged: 4, removed: 0 });
    expect(requests.find((request) => request.path === "/a")).toEqual({ path: "/a" });
    expect(requests.find((request) => request.path === "/d")).toMatchObject({
      ifNoneMatch: '"d1"',
    });
    expect(await documents(app)).toEqual(
      ["/a", "/b", "/c", "/d", "/f"].map((path) => origin + path),
    );

    // Imported well, it is not fetched whole again; a job that failed as a whole (its process
    // died, say) sends every page it carried to the next crawl.
    await app.nexus.store.webSources.makeDue(sourceId);
    expect((await crawled(app, sourceId)).lastCrawl).toMatchObject({ changed: 0, unchanged: 5 });
    site.set("/a", { body: page("Returns", "Return items within 60 days now."), etag: '"a2"' });
    await app.nexus.store.webSources.makeDue(sourceId);
    const fourth = await crawled(app, sourceId);
    expect(fourth.lastCrawl).toMatchObject({ changed: 1, unchanged: 4 });
    const job = (await app.nexus.store.jobs.get(fourth.lastCrawl!.jobId!))!;
    await app.nexus.store.jobs.update({
      ...job,
      status: "failed",
      errors: [{ document: "(job)", message: "The process running this job stopped." }],
    });
    await app.nexus.store.webSources.makeDue(sourceId);
    expect((await crawled(app, sourceId)).lastCrawl).toMatchObject({ changed: 1, unchanged: 4 });
  });

  it("does not count as gone the known pages that a crawl left unread for its page limit", async () => {
    const app = await startProcess();
    const sourceId = await sitemapSource(app, 3);
    expect((await crawled(app, sourceId)).lastCrawl).toMatchObject({ changed: 3, removed: 0 });
    expect(await documents(app)).toEqual(["/a", "/b", "/c"].map((path) => origin + path));

    // The sitemap now lists /f and /d first: /b and /c fall past the limit, but are still listed.
    // /a leaves the sitemap: it is gone.
    listed = ["/f", "/d", "/b", "/c"];
    await app.nexus.store.webSources.makeDue(sourceId);
    const second = await crawled(app, sourceId);
    expect(second.lastCrawl).toMatchObject({ changed: 2, unchanged: 1, removed: 1 });
    expect(await documents(app)).toEqual(["/b", "/c", "/d", "/f"].map((path) => origin + path));
  });

  it("imports pages and manages scheduled sources from the console, for the assistant in the path", async () => {
    const app = await startProcess();
    for (const id of ["shop", "other"])
      await app.inject({
        method: "POST",
        url: "/api/v2/admin/experiences",
        headers,
        payload: { id, name: id },
      });
    const admin = await signInOperator(app, "ada@example.com", "admin");

    // A one-off import: the pages read go to a job, those that could not be read are listed.
    const imported = await admin.request("POST", "/assistants/shop/web", {
      urls: [`${origin}/a`, `${origin}/missing`],
    });
    expect(imported.statusCode, imported.body).toBe(202);
    const { job, skipped } = imported.json<ConsoleWebImport>();
    expect(skipped).toEqual([{ url: `${origin}/missing`, reason: "HTTP 404" }]);
    expect((await waitForJob(app, job.jobId)).status).toBe("completed");
    expect(await documents(app)).toEqual([`${origin}/a`]);

    // A scheduled source: created, crawled at once, listed with its last crawl.
    const created = await admin.request("POST", "/assistants/shop/web-sources", {
      sitemap: `${origin}/sitemap.xml`,
      maxPages: 50,
      intervalMinutes: 60,
    });
    expect(created.statusCode, created.body).toBe(201);
    const { sourceId } = created.json<WebSource>();
    await app.nexus.webSources.runDue();
    const list = (await admin.request("GET", "/assistants/shop/web-sources")).json<WebSourceList>();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      sourceId,
      sitemap: `${origin}/sitemap.xml`,
      maxPages: 50,
      intervalMinutes: 60,
      pages: 5,
      crawling: false,
      lastCrawl: { changed: 5, unchanged: 0, removed: 0, skipped: 0 },
    });
    expect((await admin.request("GET", "/assistants/other/web-sources")).json()).toEqual({
      items: [],
    });

    // Crawl now, and delete: only through the assistant the source belongs to.
    for (const [method, path] of [
      ["POST", `/assistants/other/web-sources/${sourceId}/crawl`],
      ["DELETE", `/assistants/other/web-sources/${sourceId}`],
    ] as const) {
      const refused = await admin.request(method, path);
      expect(refused.json()).toMatchObject({ statusCode: 404, code: "WEB_SOURCE_NOT_FOUND" });
    }
    requests.length = 0;
    const now = await admin.request("POST", `/assistants/shop/web-sources/${sourceId}/crawl`);
    expect(now.statusCode).toBe(202);
    await app.nexus.webSources.runDue();
    expect(requests.some((request) => request.path === "/sitemap.xml")).toBe(true);
    const deleted = await admin.request("DELETE", `/assistants/shop/web-sources/${sourceId}`);
    expect(deleted.statusCode).toBe(204);
    expect(await app.nexus.store.webSources.get(sourceId)).toBeUndefined();

    // Bad input is refused before anything is fetched.
    const none = await admin.request("POST", "/assistants/shop/web", {});
    expect(none.statusCode).toBe(400);
    const unknown = await admin.request("POST", "/assistants/nope/web-sources", {
      urls: [`${origin}/a`],
    });
    expect(unknown.json()).toMatchObject({ statusCode: 404, code: "EXPERIENCE_NOT_FOUND" });
  });
});
