import type { Browser, Page } from "playwright-core";

/** The parts of a Chromium trace event this reads. */
interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string };
}

/**
 * Records every main-thread task with Chromium's lightweight "toplevel" trace category. Long-task
 * observers only see tasks of 50 ms or more; this gives the true longest task however short it is.
 */
export async function startTaskTrace(
  browser: Browser,
  page: Page,
): Promise<() => Promise<number[]>> {
  await browser.startTracing(page, { categories: ["toplevel", "__metadata"] });
  return async () => {
    const buffer = await browser.stopTracing();
    const parsed = JSON.parse(buffer.toString("utf8")) as
      TraceEvent[] | { traceEvents: TraceEvent[] };
    const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
    const mainThreads = events.filter(
      (event) =>
        event.ph === "M" && event.name === "thread_name" && event.args?.name === "CrRendererMain",
    );
    // Each context has its own renderer; the page's is the one that did the work.
    let busiest: number[] = [];
    let busiestTotal = -1;
    for (const thread of mainThreads) {
      const durations = events
        .filter(
          (event) =>
            event.ph === "X" &&
            event.name === "ThreadControllerImpl::RunTask" &&
            event.pid === thread.pid &&
            event.tid === thread.tid,
        )
        .map((event) => (event.dur ?? 0) / 1000);
      const total = durations.reduce((sum, duration) => sum + duration, 0);
      if (total > busiestTotal) {
        busiest = durations;
        busiestTotal = total;
      }
    }
    return busiest;
  };
}
