// A V8 CPU profile of the page's main thread through CDP (Profiler domain), for bench:ui's
// BENCH_UI_PROFILE=<dir>: written as .cpuprofile (open it in Chrome DevTools' Performance panel)
// and summarised here as self time per function, heaviest first. Sampling costs a little time
// itself, so a profiled refresh is not one of the measured ones.
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { CDPSession } from "@playwright/test";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export async function startProfile(cdp: CDPSession): Promise<void> {
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 }); // µs
  await cdp.send("Profiler.start");
}

export async function stopProfile(cdp: CDPSession, dir: string, name: string): Promise<CpuProfile> {
  const { profile } = await cdp.send("Profiler.stop");
  await cdp.send("Profiler.disable");
  writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  return profile as CpuProfile;
}

export interface SelfTime {
  /** function name (or "(anonymous)") and where it is: chunk file:line:column */
  frame: string;
  ms: number;
}

/** Self time per function (a sample's time goes to the function on top of the stack), heaviest first. */
export function selfTimes(profile: CpuProfile): SelfTime[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const total = new Map<string, number>();
  // timeDeltas[i] is the gap before sample i: it is the time of sample i - 1.
  for (let i = 0; i < profile.samples.length - 1; i++) {
    const f = byNode.get(profile.samples[i])!;
    const file = f.url ? f.url.slice(f.url.lastIndexOf("/") + 1) : "";
    const frame = `${f.functionName || "(anonymous)"}${file ? ` ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ""}`;
    total.set(frame, (total.get(frame) ?? 0) + profile.timeDeltas[i + 1] / 1000);
  }
  return [...total].map(([frame, ms]) => ({ frame, ms })).sort((a, b) => b.ms - a.ms);
}

export function describeProfile(profile: CpuProfile, top = 15): string {
  const times = selfTimes(profile);
  const busy = times.filter((t) => t.frame !== "(idle)" && t.frame !== "(program)").reduce((s, t) => s + t.ms, 0);
  return [`profiled script (self time, idle and "(program)" excluded): ${busy.toFixed(0)} ms`, ...times.slice(0, top).map((t) => `      ${t.ms.toFixed(1).padStart(7)} ms  ${t.frame}`)].join("\n");
}
