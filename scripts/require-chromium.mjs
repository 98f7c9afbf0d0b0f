// The browser suites drive a real Chromium. Fail early, with the fix, when there is none.
import { existsSync } from "node:fs";

const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
const found = candidates.find((path) => path && existsSync(path));
if (!found) {
  console.error(
    "npm test needs Chromium for its browser tests, and none was found.\n" +
      "Install Debian's package (sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary.",
  );
  process.exit(1);
}
