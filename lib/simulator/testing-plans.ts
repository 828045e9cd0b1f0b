// Test helper: plans traces at fixed times with chosen faults, and collects the flow-log lines
// the recorder writes for them. No SDK, no files.
import { FaultSet } from "./fault-set";
import { buildFault, type FaultRequest } from "./fault-factory";
import { placeInstances } from "./instances";
import { NetworkRecorder } from "./network-recorder";
import { paymentsTopology } from "./payments-topology";
import type { PlannedCall, PlannedSpan } from "./plan";
import { createRandom } from "./random";
import { createPlanner } from "./trace-planner";

export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

export interface Planned {
  spans: PlannedSpan[];
  calls: PlannedCall[];
  lines: Map<string, string[]>;
}

/** `count` traces, one every 100 ms from T0, with `faults` active over the whole span of time. */
export function planWithFaults(faults: FaultRequest[], count = 600, seed = 1): Planned {
  const set = new FaultSet();
  faults.forEach((f, i) => set.add(buildFault(paymentsTopology, { durationMs: 3_600_000, startMs: T0, ...f }, `f${i}`, T0)));
  const planner = createPlanner(paymentsTopology, placeInstances(paymentsTopology, seed), set, createRandom(seed));
  const lines = new Map<string, string[]>();
  const recorder = new NetworkRecorder(paymentsTopology, (file, l) => lines.set(file, [...(lines.get(file) ?? []), ...l]));
  const out: Planned = { spans: [], calls: [], lines };
  for (let i = 0; i < count; i++) {
    const plan = planner.planTrace(T0 + i * 100);
    for (const s of plan.segments) out.spans.push(...s.spans);
    out.calls.push(...plan.calls);
    recorder.add(plan.calls);
  }
  recorder.closeMinutesBefore(Number.POSITIVE_INFINITY);
  return out;
}

export const serverSpans = (p: Planned, service: string) => p.spans.filter((s) => s.instance.service === service && (s.kind === 1 || s.kind === 4));
export const clientSpansTo = (p: Planned, from: string, to: string) => p.spans.filter((s) => s.instance.service === from && s.kind === 2 && s.attributes["service.peer.name"] === to);
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
