// Builds the console into dist/: console.js (one minified ES module), console.css (its styles and
// uPlot's), index.html; prints the sizes and fails when the JavaScript exceeds its budget.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(packageDirectory, "dist");
/** The console's JavaScript, brotli (issue 12). */
const budget = 120 * 1024;

mkdirSync(dist, { recursive: true });
const result = await build({
  absWorkingDir: packageDirectory,
  entryPoints: { console: "src/main.tsx", styles: "src/console.css" },
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2022", "chrome100", "firefox100", "safari15.4"],
  conditions: ["@nexus-chat/source", "browser", "import", "module", "default"],
  jsx: "automatic",
  jsxImportSource: "preact",
  define: { "process.env.NODE_ENV": '"production"' },
  legalComments: "none",
  logLevel: "warning",
  write: false,
  outdir: dist,
});
/** Written whole and renamed into place, so a running server never serves half a file. */
function writeAtomically(name, contents) {
  const temporary = join(dist, `${name}.${process.pid}.tmp`);
  writeFileSync(temporary, contents);
  renameSync(temporary, join(dist, name));
}
for (const file of result.outputFiles) {
  const name = file.path.endsWith(".css") ? "console.css" : "console.js";
  if (file.path.endsWith(".js") && file.path.includes("styles")) continue;
  writeAtomically(name, file.contents);
}
copyFileSync(join(packageDirectory, "src/index.html"), join(dist, "index.html"));

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const sizes = {};
for (const name of ["console.js", "console.css"]) {
  const contents = readFileSync(join(dist, name));
  sizes[name] = {
    raw: contents.length,
    gzip: gzipSync(contents, { level: 9 }).length,
    brotli: brotliCompressSync(contents, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
      .length,
  };
  const size = sizes[name];
  console.log(
    `console dist/${name}  raw ${kib(size.raw)}  gzip ${kib(size.gzip)}  brotli ${kib(size.brotli)}`,
  );
}
writeFileSync(join(dist, "sizes.json"), JSON.stringify({ ...sizes, budget }, null, 2) + "\n");
if (sizes["console.js"].brotli > budget) {
  console.error(
    `The console's JavaScript is ${sizes["console.js"].brotli} B brotli, over its budget of ${budget} B.`,
  );
  process.exit(1);
}
