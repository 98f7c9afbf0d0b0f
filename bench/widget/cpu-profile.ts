import { writeFile } from "node:fs/promises";
import type { BenchPage } from "./browser.js";

/** The parts of a V8 CPU profile (`Profiler.stop`) this summary reads. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Self time of one function, summed over the profile. */
export interface ProfileEntry {
  selfMs: number;
  totalMs: number;
  name: string;
}

/**
 * Brackets a measured window with Chromium's sampling profiler and writes the `.cpuprofile` (open it
 * in the DevTools Performance panel), keeping a summary of where the main thread spent its time.
 */
export function createProfilerHooks(
  outputPath: string,
  onSummary: (entries: ProfileEntry[]) => void,
) {
  return {
    async before(benchPage: BenchPage): Promise<void> {
      await benchPage.cdp.send("Profiler.enable");
      await benchPage.cdp.send("Profiler.setSamplingInterval", { interval: 200 });
      await benchPage.cdp.send("Profiler.start");
    },
    async after(benchPage: BenchPage): Promise<void> {
      const { profile } = await benchPage.cdp.send("Profiler.stop");
      await writeFile(outputPath, JSON.stringify(profile));
      onSummary(summariseProfile(profile as CpuProfile));
    },
  };
}

export function summariseProfile(profile: CpuProfile): ProfileEntry[] {
  const selfByNode = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // timeDeltas[i] is the gap before sample i; attribute it to the sample that follows it.
  for (let index = 0; index < samples.length; index += 1) {
    const node = samples[index] as number;
    selfByNode.set(node, (selfByNode.get(node) ?? 0) + (deltas[index + 1] ?? 0) / 1000);
  }
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  const nameOf = (id: number): string => {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) return "?";
    const file = frame.url.split("/").at(-1) ?? "";
    return `${frame.functionName || "(anonymous)"} ${file ? `${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}` : ""}`.trim();
  };
  const entries = new Map<string, ProfileEntry>();
  for (const [id, self] of selfByNode) {
    const name = nameOf(id);
    const entry = entries.get(name) ?? { selfMs: 0, totalMs: 0, name };
    entry.selfMs += self;
    entries.set(name, entry);
    // Total time: every distinct function on the stack gets the sample once.
    const onStack = new Set<string>();
    for (let cursor: number | undefined = id; cursor !== undefined; cursor = parentOf.get(cursor)) {
      const frameName = nameOf(cursor);
      if (onStack.has(frameName)) continue;
      onStack.add(frameName);
      const frameEntry = entries.get(frameName) ?? { selfMs: 0, totalMs: 0, name: frameName };
      frameEntry.totalMs += self;
      entries.set(frameName, frameEntry);
    }
  }
  return [...entries.values()]
    .filter((entry) => entry.name !== "(idle)" && entry.name !== "(root)")
    .sort((a, b) => b.selfMs - a.selfMs);
}

/** The top of a profile summary as text lines. */
export function renderProfile(entries: readonly ProfileEntry[], count = 25): string {
  return entries
    .slice(0, count)
    .map(
      (entry) =>
        `  ${entry.selfMs.toFixed(1).padStart(8)} ms self ${entry.totalMs.toFixed(1).padStart(8)} ms total  ${entry.name}`,
    )
    .join("\n");
}
