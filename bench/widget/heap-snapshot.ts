/**
 * `npm run bench:widget-heap [-- --turns 200] [-- --bundle <file>] [-- --out <file>]`: where the
 * widget page's heap goes after the long conversation of `bench:widget` (same host page, same
 * answers). Plays the turns, collects garbage twice as `measureLiveHeap` does, takes a V8 heap
 * snapshot over CDP and prints self sizes by category (code, strings, arrays, closures, object
 * shapes...), the compiled regular expressions, the functions with the most machine code and the
 * biggest strings with what holds them. The `.heapsnapshot` opens in the DevTools Memory panel.
 * Blink's own objects (DOM, layout) are listed as `native` and are not part of the JS heap figure.
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateAnswer } from "./answer-generator.js";
import { startBenchServer } from "./bench-server.js";
import {
  launchBrowser,
  loadWidgetPage,
  measureLiveHeap,
  openBenchPage,
  openWidget,
} from "./browser.js";

interface HeapSnapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[]];
      edge_fields: string[];
      edge_types: [string[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { values: args } = parseArgs({
  options: {
    turns: { type: "string", default: "200" },
    bundle: { type: "string" },
    out: { type: "string" },
    top: { type: "string", default: "15" },
  },
});
const turns = Number(args.turns);
const top = Number(args.top);
const bundlePath = resolve(
  args.bundle ?? join(repositoryRoot, "packages/widget/dist/nexus-chat-widget.js"),
);
const outPath = resolve(args.out ?? join(repositoryRoot, "bench/results/widget-heap.heapsnapshot"));

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1).padStart(8)} KiB`;

/** Reads the flat arrays of a V8 heap snapshot into the few views the summary needs. */
function analyse(snapshot: HeapSnapshot): string[] {
  const { meta } = snapshot.snapshot;
  const width = meta.node_fields.length;
  const edgeWidth = meta.edge_fields.length;
  const [nodeTypes] = meta.node_types;
  const [edgeTypes] = meta.edge_types;
  const { nodes, edges, strings } = snapshot;
  const typeField = meta.node_fields.indexOf("type");
  const nameField = meta.node_fields.indexOf("name");
  const sizeField = meta.node_fields.indexOf("self_size");
  const edgeCountField = meta.node_fields.indexOf("edge_count");
  const edgeTypeField = meta.edge_fields.indexOf("type");
  const edgeNameField = meta.edge_fields.indexOf("name_or_index");
  const toField = meta.edge_fields.indexOf("to_node");
  const count = nodes.length / width;
  const type = (node: number) => nodeTypes[nodes[node * width + typeField] as number] as string;
  const name = (node: number) => strings[nodes[node * width + nameField] as number] as string;
  const size = (node: number) => nodes[node * width + sizeField] as number;

  const retainers: number[][] = Array.from({ length: count }, () => []);
  const children: number[][] = Array.from({ length: count }, () => []);
  const edgeLabel = new Map<string, string>();
  for (let node = 0, edge = 0; node < count; node += 1) {
    const end = edge + (nodes[node * width + edgeCountField] as number) * edgeWidth;
    for (; edge < end; edge += edgeWidth) {
      const to = (edges[edge + toField] as number) / width;
      retainers[to]?.push(node);
      children[node]?.push(to);
      const kind = edgeTypes[edges[edge + edgeTypeField] as number] as string;
      if (kind === "property" || kind === "context") {
        edgeLabel.set(`${node}>${to}`, strings[edges[edge + edgeNameField] as number] as string);
      }
    }
  }

  const lines: string[] = [];
  const byType = new Map<string, number>();
  let jsTotal = 0;
  for (let node = 0; node < count; node += 1) {
    byType.set(type(node), (byType.get(type(node)) ?? 0) + size(node));
    if (type(node) !== "native") jsTotal += size(node);
  }
  lines.push(`Self size by category (everything but native is V8's): ${kib(jsTotal).trim()}`);
  for (const [kind, bytes] of [...byType].sort((a, b) => b[1] - a[1])) {
    if (bytes >= 1024) lines.push(`${kib(bytes)}  ${kind}`);
  }

  // Machine code: an InstructionStream hangs off a Code object, which belongs to a function
  // (its SharedFunctionInfo or closure) or to a compiled regular expression (IrRegExpData).
  const ownerOf = (stream: number): string => {
    for (const code of retainers[stream] ?? []) {
      if (name(code) !== "system / Code") continue;
      for (const holder of retainers[code] ?? []) {
        if (name(holder) === "system / IrRegExpData") {
          const regexp = [...(retainers[holder] ?? []), ...(children[holder] ?? [])].find(
            (node) => type(node) === "regexp",
          );
          return `regexp ${regexp === undefined ? "?" : name(regexp).slice(0, 70)}`;
        }
        if (type(holder) === "closure") return `function ${name(holder) || "(anonymous)"}`;
        if (name(holder).startsWith("system / SharedFunctionInfo")) {
          return `function ${name(holder).replace(/^system \/ SharedFunctionInfo( \/ )?/, "") || "(anonymous)"}`;
        }
      }
    }
    return "other";
  };
  const code = new Map<string, number>();
  let regexpTotal = 0;
  let streamTotal = 0;
  for (let node = 0; node < count; node += 1) {
    if (name(node) !== "system / InstructionStream") continue;
    const owner = ownerOf(node);
    code.set(owner, (code.get(owner) ?? 0) + size(node));
    streamTotal += size(node);
    if (owner.startsWith("regexp")) regexpTotal += size(node);
  }
  lines.push(
    "",
    `Machine code (InstructionStream): ${kib(streamTotal).trim()}, of which compiled regular expressions ${kib(regexpTotal).trim()}`,
  );
  for (const [owner, bytes] of [...code].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`${kib(bytes)}  ${owner}`);
  }

  const stringNodes: number[] = [];
  for (let node = 0; node < count; node += 1) if (type(node) === "string") stringNodes.push(node);
  stringNodes.sort((a, b) => size(b) - size(a));
  lines.push("", "Biggest strings (and what holds them)");
  for (const node of stringNodes.slice(0, top)) {
    const holders = (retainers[node] ?? [])
      .slice(0, 2)
      .map((holder) => {
        const label = edgeLabel.get(`${holder}>${node}`);
        return `${name(holder).slice(0, 40)}${label ? `.${label}` : ""}`;
      })
      .join(", ");
    lines.push(`${kib(size(node))}  ${JSON.stringify(name(node).slice(0, 50))} <- ${holders}`);
  }
  return lines;
}

async function main(): Promise<void> {
  if (!existsSync(bundlePath)) {
    throw new Error(`no widget build at ${bundlePath}: run npm run build -w @nexus-chat/widget`);
  }
  const server = await startBenchServer({ bundlePath });
  server.setAnswerPlan({ chunks: generateAnswer(40, 7).chunks, intervalMs: 0 });
  const browser = await launchBrowser();
  try {
    const benchPage = await openBenchPage(browser);
    const { page, cdp } = benchPage;
    await loadWidgetPage(benchPage, server);
    await openWidget(benchPage);
    await page.evaluate(async (count) => {
      for (let next = 1; next <= count; next += 1) {
        await window.__nexusWidget.sendMessage(`Question ${next}: how does streaming work?`);
      }
    }, turns);
    await page.waitForTimeout(400);
    const heap = await measureLiveHeap(cdp);
    const chunks: string[] = [];
    cdp.on("HeapProfiler.addHeapSnapshotChunk", ({ chunk }) => chunks.push(chunk));
    await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
    await benchPage.close();
    const text = chunks.join("");
    await writeFile(outPath, text);
    console.log(`After ${turns} turns: JS heap ${(heap / 1024 ** 2).toFixed(2)} MiB → ${outPath}`);
    console.log(analyse(JSON.parse(text) as HeapSnapshot).join("\n"));
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
