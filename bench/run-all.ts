/**
 * `npm run bench [-- --quick]`: every benchmark in turn (widget, then server), each with the same
 * arguments. A benchmark that crashes makes the whole run fail; a missed target does not.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(join(repositoryRoot, "package.json"), "utf8")) as {
  scripts?: Record<string, string>;
};
const forwarded = process.argv.slice(2);
const crashed: string[] = [];

for (const script of ["bench:widget", "bench:server"]) {
  if (manifest.scripts?.[script] === undefined) {
    console.log(`No "${script}" script in package.json: skipped.`);
    continue;
  }
  console.log(`\n> npm run ${script}${forwarded.length > 0 ? ` -- ${forwarded.join(" ")}` : ""}`);
  const result = spawnSync("npm", ["run", "--silent", script, "--", ...forwarded], {
    cwd: repositoryRoot,
    stdio: "inherit",
  });
  if (result.status !== 0) crashed.push(script);
}

if (crashed.length > 0) {
  console.error(`\nBenchmarks that failed to run: ${crashed.join(", ")}`);
  process.exit(1);
}
