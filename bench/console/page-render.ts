import type { Cookie } from "playwright-core";
import { launchBrowser } from "../widget/browser.js";
import { quantile } from "../widget/statistics.js";

/** A console page and the address that shows it. */
export interface ConsolePage {
  name: string;
  hash: string;
}

export interface PageRenderResult {
  page: string;
  /** Milliseconds from navigation start to the first frame painted after the page's data arrived. */
  p50: number;
  max: number;
}

/**
 * Records every animation frame's time from the document's start, so that the frame painted
 * after the last API response can be found. Runs before the console's own script.
 */
const frameRecorder = `
  window.__frames = [];
  const record = (time) => {
    window.__frames.push(time);
    if (time < 10000) requestAnimationFrame(record);
  };
  requestAnimationFrame(record);
`;

/** Run in the page once the network is idle: when the data arrived and the next frame. */
const readRenderTime = `(() => {
  const apiEnds = performance
    .getEntriesByType("resource")
    .filter((entry) => entry.name.includes("/api/v2/console/"))
    .map((entry) => entry.responseEnd);
  const dataAt = Math.max(0, ...apiEnds);
  const frame = window.__frames.find((time) => time >= dataAt);
  return { dataAt, frame: frame ?? null };
})()`;

/**
 * Each console page's first render with its data, in Chromium: a fresh context per round (no
 * cache), signed in through the session cookie, the page opened by its address, and the time
 * from navigation start to the first frame after the last console API response of the load.
 */
export async function measurePageRenders(
  origin: string,
  sessionCookie: string,
  pages: readonly ConsolePage[],
  rounds: number,
): Promise<PageRenderResult[]> {
  const [name, ...value] = sessionCookie.split("=");
  const cookie: Cookie = {
    name: name ?? "",
    value: value.join("="),
    domain: new URL(origin).hostname,
    path: "/",
    expires: -1,
    httpOnly: true,
    secure: false,
    sameSite: "Strict",
  };
  const browser = await launchBrowser();
  try {
    const results: PageRenderResult[] = [];
    for (const page of pages) {
      const times: number[] = [];
      // One untimed round first, as for the API calls: the server's caches are then warm.
      for (let round = -1; round < rounds; round += 1) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        await context.addCookies([cookie]);
        await context.addInitScript(frameRecorder);
        const tab = await context.newPage();
        await tab.goto(`${origin}/console/${page.hash}`, { waitUntil: "networkidle" });
        const { frame } = (await tab.evaluate(readRenderTime)) as { frame: number | null };
        await context.close();
        if (frame === null) throw new Error(`${page.name}: no frame after its data arrived`);
        if (round >= 0) times.push(frame);
      }
      results.push({ page: page.name, p50: quantile(times, 0.5), max: Math.max(...times) });
    }
    return results;
  } finally {
    await browser.close();
  }
}
