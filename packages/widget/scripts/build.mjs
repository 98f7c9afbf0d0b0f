// Builds the widget: dist/nexus-chat-widget.js (minified IIFE for a <script> tag), dist/index.js
// (ESM) and the .d.ts files; prints the sizes and fails when the IIFE exceeds the gzip budget.
import { build, transform } from "esbuild";
import { minify } from "terser";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(packageDirectory, "dist");
/** The budget: 50 KB gzip. */
const gzipBudget = 50 * 1000;
const packageJson = JSON.parse(readFileSync(join(packageDirectory, "package.json"), "utf8"));

const versionSource = readFileSync(join(packageDirectory, "src/version.ts"), "utf8");
if (!versionSource.includes(`"${packageJson.version}"`)) {
  console.error(`src/version.ts does not say ${packageJson.version}, as package.json does.`);
  process.exit(1);
}

/** The stylesheet is a template literal in base-css.ts; ship it minified. */
const minifyStylesheet = {
  name: "minify-stylesheet",
  setup(builder) {
    builder.onLoad({ filter: /[\\/]ui[\\/]base-css\.ts$/ }, async ({ path }) => {
      const source = readFileSync(path, "utf8");
      const css = /\/\* css \*\/ `([^`]*)`/.exec(source)?.[1];
      if (css === undefined) throw new Error("No stylesheet found in " + path);
      const { code } = await transform(css, { loader: "css", minify: true });
      return { contents: `export const baseCss = ${JSON.stringify(code.trim())};`, loader: "ts" };
    });
  },
};

/**
 * The widget uses only marked's Lexer (rendering is ours, see render-tokens.ts). Its bundle also carries the Marked class, the
 * hooks and the `marked()` facade, which tree-shaking cannot drop (module-level instances), so
 * they are cut here. If marked's file ever changes shape, the build fails rather than guess.
 */
const trimMarked = {
  name: "trim-marked",
  setup(builder) {
    builder.onLoad({ filter: /[\\/]marked[\\/]lib[\\/]marked\.esm\.js$/ }, ({ path }) => {
      const source = readFileSync(path, "utf8");
      const start = source.indexOf("var A=class{options;block;");
      const end = source.indexOf("export{");
      const lexer = /(\w+) as Lexer/.exec(source.slice(end))?.[1];
      const parser = /(\w+) as Parser/.exec(source.slice(end))?.[1];
      if (
        start < 0 ||
        end < start ||
        !lexer ||
        !parser ||
        /\bA\b[.(]/.test(source.slice(0, start))
      ) {
        throw new Error("marked.esm.js has an unexpected shape; update the trim-marked plugin.");
      }
      return {
        contents: `${source.slice(0, start)}var lexer=(s,o)=>${lexer}.lex(s,o);export{${lexer} as Lexer,lexer};`,
        loader: "js",
      };
    });
  },
};

/** What answers may contain: markdown's output plus harmless inline HTML. */
const answerTags =
  "a abbr b blockquote br caption code col colgroup dd del details div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr";
const answerAttributes =
  "abbr align alt cite colspan datetime dir height href lang open rel reversed rowspan scope span src start title width";

/**
 * The widget sanitises answers with DOMPurify's HTML profile only. Its SVG and MathML lists are
 * emptied and its HTML lists narrowed to {@link answerTags} / {@link answerAttributes}. Removing
 * entries from allow-lists can only make the sanitiser stricter, and it saves about 3 KB gzip.
 */
const trimDompurify = {
  name: "trim-dompurify",
  setup(builder) {
    builder.onLoad({ filter: /[\\/]dompurify[\\/]dist[\\/]purify\.es\.mjs$/ }, ({ path }) => {
      const replacements = {
        html$1: answerTags,
        html: answerAttributes,
        svg$1: "",
        svgFilters: "",
        svgDisallowed: "",
        mathMl$1: "",
        mathMlDisallowed: "",
        svg: "",
        mathMl: "",
      };
      let replaced = 0;
      const contents = readFileSync(path, "utf8").replace(
        /const (\w+\$?1?) = freeze\(\[[^\]]*\]\);/g,
        (match, name) => {
          if (!(name in replacements)) return match;
          replaced++;
          const words = replacements[name].split(" ").filter(Boolean);
          return `const ${name} = freeze(${JSON.stringify(words)});`;
        },
      );
      if (replaced !== Object.keys(replacements).length) {
        throw new Error("purify.es.mjs has an unexpected shape; update the trim-dompurify plugin.");
      }
      return { contents, loader: "js" };
    });
  },
};

const shared = {
  bundle: true,
  absWorkingDir: packageDirectory,
  conditions: ["@nexus-chat/source", "browser", "import", "module", "default"],
  target: ["es2022", "chrome100", "firefox100", "safari15.4"],
  jsx: "automatic",
  jsxImportSource: "preact",
  define: { "process.env.NODE_ENV": '"production"' },
  legalComments: "none",
  plugins: [minifyStylesheet, trimMarked, trimDompurify],
  logLevel: "warning",
};

// No clean step: other processes (the e2e setup, the bench) may read or build dist/ at the same time.
mkdirSync(dist, { recursive: true });
const iife = await build({
  ...shared,
  entryPoints: ["src/global.ts"],
  format: "iife",
  minify: true,
  write: false,
});
// A second pass with terser: its frequency-ordered names compress about 4% better than esbuild's.
const terserOptions = {
  ecma: 2022,
  compress: { passes: 2 },
  mangle: true,
  format: { comments: false },
};
let { code } = await minify(iife.outputFiles[0].text, terserOptions);
// A second round over its own output still finds about 150 B gzip.
({ code } = await minify(code, terserOptions));
// Written whole and renamed into place, so a server never serves half a bundle.
const temporary = join(dist, `nexus-chat-widget.${process.pid}.tmp`);
writeFileSync(temporary, code);
renameSync(temporary, join(dist, "nexus-chat-widget.js"));
await build({
  ...shared,
  entryPoints: ["src/index.ts"],
  outfile: join(dist, "index.js"),
  format: "esm",
  minify: true,
  sourcemap: true,
});

// Declarations. preserveSymlinks keeps the protocol's sources "external", so only ours are emitted.
execFileSync(
  process.execPath,
  [
    join(packageDirectory, "../../node_modules/typescript/bin/tsc"),
    "-p",
    "tsconfig.build.json",
    "--preserveSymlinks",
  ],
  { cwd: packageDirectory, stdio: "inherit" },
);

const bundle = readFileSync(join(dist, "nexus-chat-widget.js"));
const gzip = gzipSync(bundle, { level: 9 }).length;
const brotli = brotliCompressSync(bundle, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
}).length;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const sizes = { raw: bundle.length, gzip, brotli, gzipBudget };
writeFileSync(join(dist, "sizes.json"), JSON.stringify(sizes, null, 2) + "\n");
console.log(
  `dist/nexus-chat-widget.js  raw ${bundle.length} B (${kib(bundle.length)})  gzip ${gzip} B (${kib(gzip)}; budget ${gzipBudget} B)  brotli ${brotli} B (${kib(brotli)})`,
);
if (gzip > gzipBudget) {
  console.error(`The widget bundle is ${gzip} B gzip, over the budget of ${gzipBudget} B.`);
  process.exit(1);
}
