// Builds the demo page into dist/: one script bundle, the stylesheet and the HTML. The protocol
// package is bundled from its TypeScript sources, so no other workspace has to be built first.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const outputDirectory = `${root}dist`;

await rm(outputDirectory, { recursive: true, force: true });
await mkdir(outputDirectory, { recursive: true });
await build({
  entryPoints: [`${root}src/main.ts`],
  outfile: `${outputDirectory}/demo.js`,
  bundle: true,
  format: "iife",
  target: "es2020",
  minify: true,
  sourcemap: true,
  conditions: ["@nexus-chat/source"],
  logLevel: "warning",
});
await copyFile(`${root}src/index.html`, `${outputDirectory}/index.html`);
await copyFile(`${root}src/demo.css`, `${outputDirectory}/demo.css`);
console.log(`events demo built in ${outputDirectory}`);
