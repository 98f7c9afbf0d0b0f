import type {
  ConsoleWebImportRequest,
  IngestionJob,
  WebSource,
  WebSourceList,
} from "@nexus-chat/protocol";
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api.js";
import { useLoad } from "../use-load.js";

/** How often a job or a crawl in progress is read again, in ms. */
const pollMs = 500;

const intervals: [minutes: number, label: string][] = [
  [0, "Once, now"],
  [60, "Every hour"],
  [360, "Every 6 hours"],
  [1440, "Every day"],
  [10080, "Every week"],
];

/** "every day", "every 90 minutes": a source's interval in words. */
function every(minutes: number): string {
  const known = intervals.find(([value]) => value === minutes);
  return known ? known[1].toLowerCase() : `every ${minutes} minutes`;
}

/** What a source fetches, in a few words. */
function describe(source: ConsoleWebImportRequest): string {
  const parts: string[] = [];
  if (source.urls)
    parts.push(source.urls.length === 1 ? source.urls[0]! : `${source.urls.length} addresses`);
  if (source.sitemap) parts.push(`sitemap ${source.sitemap}`);
  if (source.crawl)
    parts.push(`crawl from ${source.crawl.startUrl} (depth ${source.crawl.maxDepth ?? 3})`);
  return parts.join(", ");
}

/** The job's progress as the file uploads show it: a bar and a line of text. */
export function jobStatus(job: IngestionJob): string {
  if (job.status === "completed") return `done: ${job.passages} passages`;
  if (job.status === "failed") return `failed: ${job.errors[0]?.message ?? ""}`;
  return `${job.status} ${job.processed}/${job.total}`;
}

export const jobShare = (job: IngestionJob): number => (job.total ? job.processed / job.total : 1);

/** Reads a job again until it ends, telling `onChange` each time. */
export async function followJob(
  job: IngestionJob,
  onChange: (job: IngestionJob) => void,
): Promise<IngestionJob> {
  let latest = job;
  while (latest.status === "queued" || latest.status === "running") {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    latest = await api<IngestionJob>("GET", `/jobs/${job.jobId}`);
    onChange(latest);
  }
  return latest;
}

/**
 * The form importing pages from the web: addresses, a sitemap or a crawl from a start page, at
 * most so many pages, once now (`onImport`) or again on a schedule (`onSchedule`).
 */
export function WebImportForm({
  onImport,
  onSchedule,
}: {
  onImport(label: string, request: ConsoleWebImportRequest): void;
  onSchedule(request: ConsoleWebImportRequest & { intervalMinutes: number }): Promise<void>;
}) {
  const [kind, setKind] = useState<"urls" | "sitemap" | "crawl">("crawl");
  const [error, setError] = useState("");
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const request: ConsoleWebImportRequest = { maxPages: Number(text("maxPages") || 100) };
    if (kind === "urls") request.urls = text("urls").split(/\s+/).filter(Boolean);
    else if (kind === "sitemap") request.sitemap = text("sitemap");
    else request.crawl = { startUrl: text("startUrl"), maxDepth: Number(text("maxDepth") || 0) };
    const intervalMinutes = Number(text("interval"));
    setError("");
    try {
      if (intervalMinutes > 0) await onSchedule({ ...request, intervalMinutes });
      else onImport(describe(request), request);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <form class="web-import" onSubmit={(event) => void submit(event)}>
      <fieldset>
        <legend>Import from the web</legend>
        <label>
          Pages from
          <select
            name="kind"
            value={kind}
            onChange={(event) =>
              setKind((event.currentTarget as HTMLSelectElement).value as typeof kind)
            }
          >
            <option value="crawl">A crawl from a start page</option>
            <option value="sitemap">A sitemap</option>
            <option value="urls">A list of addresses</option>
          </select>
        </label>
        {kind === "urls" && (
          <label>
            Addresses, one a line
            <textarea name="urls" rows={4} required />
          </label>
        )}
        {kind === "sitemap" && (
          <label>
            Sitemap address
            <input
              type="url"
              name="sitemap"
              required
              placeholder="https://example.com/sitemap.xml"
            />
          </label>
        )}
        {kind === "crawl" && (
          <>
            <label>
              Start page
              <input type="url" name="startUrl" required placeholder="https://example.com/" />
            </label>
            <label>
              Depth (links away from the start page)
              <input type="number" name="maxDepth" min={0} max={10} value={2} />
            </label>
          </>
        )}
        <label>
          Most pages
          <input type="number" name="maxPages" min={1} max={1000} value={100} />
        </label>
        <label>
          Repeat
          <select name="interval">
            {intervals.map(([minutes, label]) => (
              <option key={minutes} value={minutes}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <p class="hint">
          Pages are read one at a time, as robots.txt allows. A repeated source fetches only the
          pages that changed, and removes the documents of pages that are gone.
        </p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit">Import</button>
      </fieldset>
    </form>
  );
}

/**
 * The progress of the job a crawl sent its changed pages to; `onDone` once it has ended, even
 * when it had ended by the first look: the crawl's end (which reloads the documents too) may come
 * before its import's, and the import may end before this first look.
 */
function CrawlJob({ jobId, onDone }: { jobId: string; onDone(): void }) {
  const [job, setJob] = useState<IngestionJob>();
  useEffect(() => {
    let current = true;
    void api<IngestionJob>("GET", `/jobs/${jobId}`)
      .then((first) => {
        if (!current) return;
        setJob(first);
        return followJob(first, (latest) => current && setJob(latest)).then(
          () => current && onDone(),
        );
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [jobId]);
  if (!job) return null;
  return (
    <>
      {" "}
      <progress max={1} value={jobShare(job)} aria-label="Import progress" />{" "}
      <span class="job-status">{jobStatus(job)}</span>
    </>
  );
}

function LastCrawl({ source, onDone }: { source: WebSource; onDone(): void }) {
  const crawl = source.lastCrawl;
  if (!crawl) return <span>not crawled yet</span>;
  return (
    <>
      <time dateTime={crawl.finishedAt}>{new Date(crawl.finishedAt).toLocaleString()}</time>:{" "}
      {crawl.error && <span class="error">{crawl.error}. </span>}
      {`${crawl.changed} new or changed, ${crawl.unchanged} unchanged, ${crawl.removed} removed, ${crawl.skipped} skipped`}
      {crawl.jobId && <CrawlJob key={crawl.jobId} jobId={crawl.jobId} onDone={onDone} />}
    </>
  );
}

/** Whether a source is being crawled, or waits to be (made due a moment ago). */
const busy = (source: WebSource) =>
  source.crawling === true || Date.parse(source.nextCrawlAt) <= Date.now();

/**
 * The assistant's web sources crawled on a schedule: what each fetches, how often, its pages,
 * its last crawl (and the import of that crawl's pages, live), crawl now and delete. Read again
 * while a crawl runs.
 */
export function WebSources({
  assistantId,
  round,
  onImported,
}: {
  assistantId: string;
  round: number;
  onImported(): void;
}) {
  const list = useLoad(
    () => api<WebSourceList>("GET", `/assistants/${assistantId}/web-sources`),
    `${assistantId}${round}`,
  );
  const [message, setMessage] = useState("");
  const crawling = list.data?.items.some(busy) ?? false;
  // Sources seen crawling: when one is done, its pages may already be imported.
  const seenBusy = useRef(new Set<string>());
  useEffect(() => {
    let ended = false;
    for (const source of list.data?.items ?? []) {
      if (busy(source)) seenBusy.current.add(source.sourceId);
      else if (seenBusy.current.delete(source.sourceId)) ended = true;
    }
    if (ended) onImported();
    if (!crawling) return;
    const timer = setTimeout(list.reload, pollMs);
    return () => clearTimeout(timer);
  }, [list.data]);
  const act = async (path: string, method: "POST" | "DELETE", done: string) => {
    try {
      await api(method, `/assistants/${assistantId}/web-sources/${path}`);
      setMessage(done);
    } catch (failure) {
      setMessage((failure as Error).message);
    }
    list.reload();
  };
  const items = list.data?.items ?? [];
  return (
    <section class="panel web-sources" aria-labelledby="web-sources-heading">
      <h2 id="web-sources-heading">Web sources crawled on a schedule</h2>
      <p class="hint" aria-live="polite">
        {message}
      </p>
      {items.length === 0 ? (
        <p>None yet: choose how often to repeat an import from the web above.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Crawled</th>
              <th scope="col">Pages</th>
              <th scope="col">Last crawl</th>
              <th scope="col">Next crawl</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((source) => {
              const name = describe(source);
              return (
                <tr key={source.sourceId}>
                  <td class="source-name">{name}</td>
                  <td>{every(source.intervalMinutes)}</td>
                  <td>{source.pages}</td>
                  <td class="last-crawl" aria-live="polite">
                    {busy(source) ? "crawling…" : <LastCrawl source={source} onDone={onImported} />}
                  </td>
                  <td>
                    <time dateTime={source.nextCrawlAt}>
                      {new Date(source.nextCrawlAt).toLocaleString()}
                    </time>
                  </td>
                  <td class="actions">
                    <button
                      type="button"
                      aria-label={`Crawl now: ${name}`}
                      disabled={busy(source)}
                      onClick={() =>
                        void act(`${source.sourceId}/crawl`, "POST", `Crawling ${name}…`)
                      }
                    >
                      Crawl now
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`Delete ${name}`}
                      onClick={() =>
                        confirm(`Stop crawling ${name}? Its documents stay.`) &&
                        void act(source.sourceId, "DELETE", `Deleted ${name}; its documents stay.`)
                      }
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
