// Makes the README's screenshot of the live events demo: starts the built server with the demo
// experience on a throw-away database, asks a question in headless Chromium, and saves
// docs/images/events-demo.png. Run `npm run build` first.
//
//   node scripts/screenshot-demo.mjs [output.png]
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { chromiumArguments, findChromium, missingChromiumHint } from "./chromium.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const output = process.argv[2] ?? join(root, "docs/images/events-demo.png");
const serverEntry = join(root, "packages/server/dist/index.js");
const chromiumPath = findChromium();

if (!existsSync(serverEntry) || !existsSync(join(root, "examples/events-demo/dist/index.html"))) {
  console.error("Build first: npm run build");
  process.exit(1);
}
if (!chromiumPath) {
  console.error(`No Chromium found. ${missingChromiumHint}`);
  process.exit(1);
}

const { createApp } = await import(serverEntry);
const directory = await mkdtemp(join(tmpdir(), "nexus-screenshot-"));
const app = await createApp({
  databaseUrl: `sqlite:${join(directory, "nexus.sqlite")}`,
  adminToken: "screenshot-only",
  logLevel: "silent",
  seedDemo: true,
  rateLimits: false,
});
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: chromiumArguments,
});
try {
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address();
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  // The embedded layout shows the page, the chat and the log side by side, nothing overlapping.
  await page.goto(`http://127.0.0.1:${port}/?layout=embedded`, { waitUntil: "load" });
  await page.locator("[data-nexus-chat]").waitFor({ state: "attached" });
  await page.getByRole("button", { name: "How do I take the guided tour?" }).click();
  await page
    .locator('[data-nexus-role="assistant"][data-status="complete"]')
    .last()
    .waitFor({ timeout: 20_000 });
  await page.locator('#log-list [data-event-name="messageComplete"]').first().waitFor();
  // Show one payload unfolded, as a reader would after clicking it.
  await page
    .locator('#log-list [data-event-name="messageComplete"] details')
    .first()
    .evaluate((details) => {
      details.open = true;
    });
  await page
    .getByRole("button", { name: "Count per event" })
    .click()
    .catch(() => {});
  await mkdir(dirname(output), { recursive: true });
  await page.screenshot({ path: output });
  console.log(`Saved ${output}`);
} finally {
  await browser.close();
  await app.close();
  await rm(directory, { recursive: true, force: true });
}
