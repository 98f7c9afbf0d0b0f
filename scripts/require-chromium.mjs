// The browser suites drive a real Chromium. Fail early, with the fix, when there is none.
import { findChromium, missingChromiumHint } from "./chromium.mjs";

if (!findChromium()) {
  console.error(
    `npm test needs Chromium for its browser tests, and none was found.\n${missingChromiumHint}`,
  );
  process.exit(1);
}
