// The one place that knows how this project finds and starts Chromium. The tests, benchmarks and
// screenshot script drive the machine's own Chromium (Debian's package in CI); none downloads a
// browser.
import { existsSync } from "node:fs";

/** Flags for a headless Chromium in a container without a sandbox, GPU or network services. */
export const chromiumArguments = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** What to do when there is no Chromium. */
export const missingChromiumHint =
  "Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary.";

/**
 * The Chromium binary: `CHROMIUM_PATH`, else Debian's locations.
 * @returns {string | undefined} `undefined` when none exists
 */
export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((path) => path !== undefined && path !== "" && existsSync(path));
}
