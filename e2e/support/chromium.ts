// Finds and launches the system Chromium. The suite never downloads browsers: it drives the one
// the machine has (Debian's package in CI), so a missing binary must fail loudly and early.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

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

/** The Chromium binary: `CHROMIUM_PATH`, else Debian's locations; `undefined` when none exists. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((path): path is string => Boolean(path) && existsSync(path as string));
}

/** Launches a headless Chromium; throws with the fix when there is no binary. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error(
      "The browser tests need Chromium. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.",
    );
  }
  return chromium.launch({ executablePath, args: chromiumArguments });
}
