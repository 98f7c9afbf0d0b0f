// Builds the widget: dist/nexus-chat-widget.js (minified IIFE for a <script> tag) with its lazily
// loaded dist/nexus-chat-widget-markdown.js (an ES module), dist/index.js (ESM, code-split) and the
// .d.ts files; prints the sizes and fails when a file exceeds its budget.
import { build, transform } from "esbuild";
import { minify } from "terser";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(packageDirectory, "dist");
/** What a page loads before the launcher shows: 35 KiB brotli (issue 7), 50 KB gzip (issue 4). */
const budgets = { brotli: 35 * 1024, gzip: 50 * 1000 };
/** The markdown chunk, beside the IIFE (named in render/import-markdown-chunk.script.ts too). */
const markdownChunkName = "nexus-chat-widget-markdown.js";
/** The live-conversation chunk, loaded only during a hand-over (live/import-live-chunk.script.ts). */
const liveChunkName = "nexus-chat-widget-live.js";
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

/**
 * In the script-tag build, the markdown chunk and the language packs are imported from the files
 * written beside the IIFE: render/import-markdown-chunk.ts and i18n/import-pack.ts are replaced by
 * their `.script.ts` versions, which import by URL.
 */
const importChunkByUrl = {
  name: "import-chunk-by-url",
  setup(builder) {
    builder.onResolve(
      { filter: /[\\/](import-markdown-chunk|import-live-chunk|import-pack)\.js$/ },
      ({ path, resolveDir }) => ({
        path: join(resolveDir, path.replace(/^.*[\\/]/, "").replace(/\.js$/, ".script.ts")),
      }),
    );
  },
};

/** The language packs other than English, each a file of its own beside the IIFE. */
const packLocales = ["es", "fr", "de", "pt", "it", "nl", "ja", "zh-CN", "ar", "he"];
const packFileName = (locale) => `nexus-chat-widget-i18n-${locale}.js`;

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
  plugins: [...shared.plugins, importChunkByUrl],
  entryPoints: ["src/global.ts"],
  format: "iife",
  minify: true,
  write: false,
});
const chunk = await build({
  ...shared,
  entryPoints: ["src/render/markdown-chunk.ts"],
  format: "esm",
  minify: true,
  write: false,
});
const liveChunk = await build({
  ...shared,
  entryPoints: ["src/live/live-chunk.ts"],
  format: "esm",
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
/** Two terser rounds: the second over its own output still finds about 150 B gzip. */
async function compress(source, options) {
  const once = await minify(source, { ...terserOptions, ...options });
  return (await minify(once.code, { ...terserOptions, ...options })).code;
}
/** Written whole and renamed into place, so a server never serves half a file. */
function writeAtomically(name, contents) {
  const temporary = join(dist, `${name}.${process.pid}.tmp`);
  writeFileSync(temporary, contents);
  renameSync(temporary, join(dist, name));
}
const packs = await build({
  ...shared,
  entryPoints: packLocales.map((locale) => `src/i18n/packs/${locale}.ts`),
  outdir: "packs",
  format: "esm",
  minify: true,
  write: false,
});
// The chunks first: a page that gets the new IIFE must find the chunks it imports.
writeAtomically(markdownChunkName, await compress(chunk.outputFiles[0].text, { module: true }));
writeAtomically(liveChunkName, await compress(liveChunk.outputFiles[0].text, { module: true }));
for (const [index, locale] of packLocales.entries()) {
  writeAtomically(
    packFileName(locale),
    await compress(packs.outputFiles[index].text, { module: true }),
  );
}
writeAtomically("nexus-chat-widget.js", await compress(iife.outputFiles[0].text));
await build({
  ...shared,
  entryPoints: ["src/index.ts"],
  outdir: dist,
  entryNames: "[name]",
  chunkNames: "chunks/[name]-[hash]",
  splitting: true,
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

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
/** Sizes of a file in dist/: raw, gzip -9 and brotli q11 (what a server or CDN would send). */
function measure(name) {
  const contents = readFileSync(join(dist, name));
  const sizes = {
    raw: contents.length,
    gzip: gzipSync(contents, { level: 9 }).length,
    brotli: brotliCompressSync(contents, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
      .length,
  };
  console.log(
    `dist/${name}  raw ${sizes.raw} B (${kib(sizes.raw)})  gzip ${sizes.gzip} B (${kib(sizes.gzip)})  brotli ${sizes.brotli} B (${kib(sizes.brotli)})`,
  );
  return sizes;
}
const scriptTag = measure("nexus-chat-widget.js");
const markdownChunk = measure(markdownChunkName);
const liveChunkSizes = measure(liveChunkName);
const languagePacks = Object.fromEntries(
  packLocales.map((locale) => [locale, measure(packFileName(locale))]),
);
writeFileSync(
  join(dist, "sizes.json"),
  JSON.stringify(
    { ...scriptTag, budgets, markdownChunk, liveChunk: liveChunkSizes, languagePacks },
    null,
    2,
  ) + "\n",
);
console.log(
  `Script-tag bundle budget: ${kib(budgets.brotli)} brotli, ${budgets.gzip} B gzip (the markdown chunk loads after the launcher).`,
);
for (const [encoding, budget] of Object.entries(budgets)) {
  if (scriptTag[encoding] > budget) {
    console.error(
      `The widget's script-tag bundle is ${scriptTag[encoding]} B ${encoding}, over its budget of ${budget} B.`,
    );
    process.exit(1);
  }
}
