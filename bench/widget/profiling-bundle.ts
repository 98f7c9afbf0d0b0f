import { build } from "esbuild";
import { join } from "node:path";

/**
 * An unminified IIFE of the widget, so CPU profiles name its functions and files. It skips the
 * release build's size trims, so use it to find where time goes, not to measure size or speed.
 */
export async function buildProfilingBundle(
  repositoryRoot: string,
  outfile: string,
): Promise<string> {
  const widgetDirectory = join(repositoryRoot, "packages/widget");
  await build({
    entryPoints: [join(widgetDirectory, "src/global.ts")],
    absWorkingDir: widgetDirectory,
    outfile,
    bundle: true,
    format: "iife",
    minify: false,
    keepNames: true,
    sourcemap: "inline",
    conditions: ["@nexus-chat/source", "browser", "import", "module", "default"],
    target: ["es2022"],
    jsx: "automatic",
    jsxImportSource: "preact",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });
  return outfile;
}
