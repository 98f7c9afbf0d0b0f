// Launches the system Chromium for the browser tests; a missing binary fails loudly and early.
import { chromium, type Browser } from "playwright-core";
import { chromiumArguments, findChromium, missingChromiumHint } from "../../scripts/chromium.mjs";

export { findChromium, missingChromiumHint };

/** Launches a headless Chromium; throws with the fix when there is no binary. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(`The browser tests need Chromium. ${missingChromiumHint}`);
  return chromium.launch({ executablePath, args: chromiumArguments });
}
