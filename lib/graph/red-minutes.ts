// RED of a service or an operation from its node_minutes rows, one row per minute: the totals
// over the window (latency from the merged histogram, never an average of percentiles) and the
// per-minute points the panel's charts draw.
import type { Latency } from "@/lib/contracts/graph";
import type { RedPoint } from "@/lib/contracts/service-detail";
import { latencyOf, toHistogram } from "./latency";

export interface RedMinuteRow {
  minute_ms: number;
  calls: number;
  errors: number;
  duration_hist: number[] | null;
  duration_sum_us: number;
  duration_count: number;
}

export function redOfMinutes(minutes: readonly RedMinuteRow[]): { calls: number; errors: number; latency: Latency; series: RedPoint[] } {
  const total = toHistogram(null, 0, 0);
  let calls = 0;
  let errors = 0;
  const series = minutes.map((m) => {
    const h = toHistogram(m.duration_hist, m.duration_sum_us, m.duration_count);
    for (let i = 0; i < h.counts.length; i++) total.counts[i] += h.counts[i];
    total.count += h.count;
    total.sumUs += h.sumUs;
    calls += m.calls;
    errors += m.errors;
    const l = latencyOf(h);
    return { minuteMs: m.minute_ms, calls: m.calls, errors: m.errors, p50Ms: l.p50Ms, p95Ms: l.p95Ms, p99Ms: l.p99Ms };
  });
  return { calls, errors, latency: latencyOf(total), series };
}
