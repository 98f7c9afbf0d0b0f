// The worker threads' files are plain CommonJS (they run without a TypeScript loader), so tsc
// does not emit them: copy them beside the compiled modules that start them.
import { cpSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

const source = new URL("../src/", import.meta.url).pathname;
const target = new URL("../dist/", import.meta.url).pathname;

function copyWorkers(directory) {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) copyWorkers(path);
    else if (entry.name.endsWith(".cjs")) cpSync(path, join(target, relative(source, path)));
  }
}

copyWorkers(source);
