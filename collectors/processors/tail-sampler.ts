// Sampling of raw data under pressure. Spans are decided per trace ("tail-first"): a trace with
// an error or a slow span keeps every span; the other traces are kept at `keepRatio`, by a hash
// of the trace id, so every span of a trace gets the same verdict in every batch and after a
// restart. Flows the same way per connection: every rejected, dropped or failed flow is kept,
// healthy ones at `keepRatio` by a hash of their address pair and ports.
// Aggregates never pass through here: they were counted before (DESIGN.md).
import type { NormalizedFlow } from "@/lib/contracts/flow";
import type { NormalizedSpan } from "@/lib/contracts/span";
import { isErrorSpan } from "@/lib/otlp/error-rules";

export interface SamplingPolicy {
  keepRatio: number;
  slowThresholdUs: number;
}

/** A stable number in [0, 1) from the trace id's last 8 hex digits (random bits in W3C ids). */
export function traceFraction(traceId: string): number {
  const n = parseInt(traceId.slice(-8), 16);
  return Number.isFinite(n) ? n / 0x1_0000_0000 : 0;
}

export function sampleSpans(spans: readonly NormalizedSpan[], policy: SamplingPolicy): { kept: NormalizedSpan[]; sampledOut: number } {
  const keepTrace = new Map<string, boolean>();
  for (const s of spans) {
    if (keepTrace.get(s.traceId) === true) continue;
    const important = isErrorSpan(s) || s.durationUs >= policy.slowThresholdUs;
    keepTrace.set(s.traceId, important || traceFraction(s.traceId) < policy.keepRatio);
  }
  const kept = spans.filter((s) => keepTrace.get(s.traceId));
  return { kept, sampledOut: spans.length - kept.length };
}

/** FNV-1a of the connection, both directions alike, as a number in [0, 1). */
export function connectionFraction(f: Pick<NormalizedFlow, "srcAddr" | "dstAddr" | "srcPort" | "dstPort">): number {
  const a = `${f.srcAddr}:${f.srcPort ?? 0}`;
  const b = `${f.dstAddr}:${f.dstPort ?? 0}`;
  const key = a < b ? `${a}|${b}` : `${b}|${a}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 0x1_0000_0000;
}

export function sampleFlows(flows: readonly NormalizedFlow[], keepRatio: number): { kept: NormalizedFlow[]; sampledOut: number } {
  const kept = flows.filter((f) => f.verdict !== "accept" || (f.l7Status !== null && f.l7Status >= 500) || connectionFraction(f) < keepRatio);
  return { kept, sampledOut: flows.length - kept.length };
}
