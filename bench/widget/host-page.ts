import type { WidgetConfig } from "@nexus-chat/protocol";

/**
 * The minimal host page of the widget bench, with and without the widget. Both variants carry the same
 * small in-page probe (below), so a blank page is a fair baseline for busy time and heap.
 */
export interface HostPageOptions {
  withWidget: boolean;
  widgetConfig: WidgetConfig;
}

/**
 * Runs before anything else on the page. It records long tasks, the moment the launcher is first
 * visible (checked once per animation frame, which is when it can first be painted), and, while a
 * stream is watched, the moment each probe link enters the DOM and, if asked, every animation frame. It is written in
 * plain JavaScript because it is sent to the page as text.
 */
const probeScript = String.raw`
(() => {
  const bench = {
    longTasks: [],
    launcherVisibleAt: null,
    frames: [],
    seen: new Map(),
    endSeenAt: null,
    stopWatching: () => {},
  };
  window.__nexusBench = bench;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
      }
    }).observe({ type: "longtask", buffered: true });
  } catch {}

  const widgetScope = () => {
    const root = document.querySelector("[data-nexus-chat]");
    return root ? (root.shadowRoot ?? root) : null;
  };
  bench.widgetScope = widgetScope;

  const isVisible = (element) =>
    element.getClientRects().length > 0 &&
    (typeof element.checkVisibility !== "function" ||
      element.checkVisibility({
        checkOpacity: true,
        checkVisibilityCSS: true,
        opacityProperty: true,
        visibilityProperty: true,
      }));
  bench.watchLauncher = () => {
    const check = () => {
      const launcher = widgetScope()?.querySelector("button[aria-expanded]");
      if (launcher && isVisible(launcher)) bench.launcherVisibleAt = performance.now();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  };

  // Probe links look like https://docs.example.test/<seed>/page-<n>.html; the key survives any
  // query string or rewriting the widget may add.
  const probeKey = (href) => {
    const match = /\/(\d+\/(?:page-\d+|end))\.html/.exec(href || "");
    return match ? match[1] : null;
  };
  bench.watchStream = (endKey, countFrames) => {
    bench.seen = new Map();
    bench.endSeenAt = null;
    bench.frames = [];
    const note = (anchor, now) => {
      const key = probeKey(anchor.getAttribute("href"));
      if (key === null || bench.seen.has(key)) return;
      bench.seen.set(key, now);
      if (key === endKey) bench.endSeenAt = now;
    };
    const observer = new MutationObserver((records) => {
      const now = Date.now();
      for (const record of records) {
        if (record.type === "attributes") {
          if (record.target.tagName === "A") note(record.target, now);
          continue;
        }
        for (const node of record.addedNodes) {
          if (node.nodeType !== 1) continue;
          if (node.tagName === "A") note(node, now);
          else for (const anchor of node.getElementsByTagName("a")) note(anchor, now);
        }
      }
    });
    observer.observe(widgetScope(), {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["href"],
    });
    // A frame counter makes Chromium run a frame every vsync, which costs main-thread time of its own,
    // so it runs only where frames per second are reported.
    let recording = countFrames;
    const frame = () => {
      bench.frames.push(Date.now());
      if (recording) requestAnimationFrame(frame);
    };
    if (countFrames) requestAnimationFrame(frame);
    bench.stopWatching = () => {
      recording = false;
      observer.disconnect();
    };
  };
})();
`;

/** The host page's HTML. The widget variant embeds the widget the way the README tells sites to. */
export function renderHostPage(options: HostPageOptions): string {
  const widgetTags = options.withWidget
    ? `<script src="/widget/nexus-chat-widget.js"></script>
    <script>
      window.__nexusBench.watchLauncher();
      window.__nexusWidget = NexusChatWidget.init(${JSON.stringify(options.widgetConfig)});
    </script>`
    : "";
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="icon" href="data:," />
    <title>Nexus Chat bench host</title>
    <script>${probeScript}</script>
  </head>
  <body>
    <main>
      <h1>A host page</h1>
      <p>This page stands for a customer's site: a little content and the widget's script tag.</p>
    </main>
    ${widgetTags}
  </body>
</html>
`;
}
