// Extracts one example of the events documentation, verbatim, from the protocol package's copy
// (which the compiler checks against the widget's types).
import { readFileSync } from "node:fs";
import { documentationExamplesPath } from "./paths.js";

/** The source of the block that follows the `// <heading>` comment, braces included. */
export function documentationExample(heading: string): string {
  const source = readFileSync(documentationExamplesPath, "utf8");
  const marker = `// ${heading}\n{`;
  const start = source.indexOf(marker);
  if (start < 0) throw new Error(`No example "${heading}" in ${documentationExamplesPath}`);
  const blockStart = start + marker.length - 1;
  let depth = 0;
  for (let index = blockStart; index < source.length; index += 1) {
    const character = source[index];
    if (character === "{") depth += 1;
    if (character === "}") depth -= 1;
    if (depth === 0) return source.slice(blockStart, index + 1);
  }
  throw new Error(`The example "${heading}" has unbalanced braces`);
}
