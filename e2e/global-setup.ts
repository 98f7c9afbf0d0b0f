// Runs once before the browser suite: checks Chromium exists and builds the widget bundle and the
// operator console the tests load. The build prints the bundle's sizes and exits non-zero above the size budget, so
// this is also where CI enforces the budget.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { findChromium, missingChromiumHint } from "./support/chromium.js";
import { markdownChunkPath, widgetBundlePath } from "./support/paths.js";

const repositoryRoot = fileURLToPath(new URL("..", import.meta.url));
const consoleDist = fileURLToPath(new URL("../packages/console/dist/", import.meta.url));

/** Builds the operator console (its build fails above the console's size budget). */
function buildConsole(): void {
  const script = fileURLToPath(new URL("../packages/console/scripts/build.mjs", import.meta.url));
  try {
    execFileSync(process.execPath, [script], { cwd: repositoryRoot, stdio: "inherit" });
  } catch {
    throw new Error("Building the console failed (or it is over its size budget); see above.");
  }
}

declare module "vitest" {
  export interface ProvidedContext {
    /** A snapshot of the built bundle, which the tests serve (see below). */
    widgetBundleSnapshot: string;
    /** A snapshot of the built console (packages/console/dist), served by the console tests. */
    consoleSnapshot: string;
  }
}

/**
 * The tests serve a copy of the bundle taken here, so that a rebuild of dist/ while the suite runs
 * (someone working on the widget) cannot hand a half-written or different file to a test.
 */
function provideSnapshot(project: TestProject): () => void {
  const directory = mkdtempSync(join(tmpdir(), "nexus-e2e-bundle-"));
  const snapshot = join(directory, "nexus-chat-widget.js");
  copyFileSync(widgetBundlePath, snapshot);
  // The markdown chunk the bundle imports from its own directory, and the live-conversation one.
  copyFileSync(markdownChunkPath, join(directory, "nexus-chat-widget-markdown.js"));
  copyFileSync(
    join(dirname(widgetBundlePath), "nexus-chat-widget-live.js"),
    join(directory, "nexus-chat-widget-live.js"),
  );
  // And the language packs it imports from there for visitors whose language is not English.
  for (const name of readdirSync(dirname(widgetBundlePath))) {
    if (/^nexus-chat-widget-i18n-[\w-]+\.js$/.test(name)) {
      copyFileSync(join(dirname(widgetBundlePath), name), join(directory, name));
    }
  }
  project.provide("widgetBundleSnapshot", snapshot);
  const consoleDirectory = join(directory, "console");
  mkdirSync(consoleDirectory);
  for (const file of ["index.html", "console.js", "console.css"])
    copyFileSync(join(consoleDist, file), join(consoleDirectory, file));
  project.provide("consoleSnapshot", consoleDirectory);
  return () => rmSync(directory, { recursive: true, force: true });
}

export default function setup(project: TestProject): () => void {
  if (!findChromium()) {
    throw new Error(
      `The e2e suite drives a real Chromium and none was found. ${missingChromiumHint}`,
    );
  }
  // For iterating on tests only: reuse the bundle already in dist/. CI never sets this, so the
  // build (and its size budget) always runs there.
  if (
    process.env.NEXUS_E2E_PREBUILT === "1" &&
    existsSync(widgetBundlePath) &&
    existsSync(join(consoleDist, "console.js"))
  ) {
    return provideSnapshot(project);
  }
  buildConsole();
  const buildScript = fileURLToPath(
    new URL("../packages/widget/scripts/build.mjs", import.meta.url),
  );
  if (!existsSync(buildScript)) {
    throw new Error(`The widget build script is missing: ${buildScript}`);
  }
  try {
    execFileSync(process.execPath, [buildScript], { cwd: repositoryRoot, stdio: "inherit" });
  } catch {
    throw new Error(
      "Building the widget failed (or its bundle is over the size budget); see the output above.",
    );
  }
  if (!existsSync(widgetBundlePath)) {
    throw new Error(`The widget build did not produce ${widgetBundlePath}`);
  }
  return provideSnapshot(project);
}
