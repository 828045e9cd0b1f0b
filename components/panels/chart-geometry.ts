// Pure geometry for the panels' inline SVG charts: linear scales with round ticks, time ticks
// on whole minutes and hours, line paths with gaps, the nearest point under the pointer, and the
// log-scale position of a latency on the shared histogram buckets. Unit-tested; no React here.
import { BUCKETS_PER_OCTAVE, bucketUpperUs, MIN_US } from "@/lib/contracts/histogram";

export function sparklinePath(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return "";
  if (values.length === 1) return sparklinePath([values[0], values[0]], width, height); // one minute: a flat line
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((v, i) => `${i === 0 ? "M" : "L"}${(i * step).toFixed(1)},${(height - (v / max) * height).toFixed(1)}`)
    .join(" ");
}

/** Maps [d0, d1] onto [r0, r1]; a zero-width domain maps everything to r0. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  return (v) => (span === 0 ? r0 : r0 + ((v - d0) / span) * (r1 - r0));
}

/** About `count` round ticks from 0 to at least max (1, 2, 2.5, 5 × 10^n steps); the last tick is the axis top. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = 0; v < max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

const TIME_STEPS_MS = [60_000, 2 * 60_000, 5 * 60_000, 10 * 60_000, 15 * 60_000, 30 * 60_000, 3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 86_400_000];

/** Time ticks on whole steps (1 min … 1 day) inside [from, to], at most about `count` of them. */
export function timeTicks(fromMs: number, toMs: number, count = 4): number[] {
  if (!(toMs > fromMs)) return [];
  const step = TIME_STEPS_MS.find((s) => (toMs - fromMs) / s <= count) ?? TIME_STEPS_MS[TIME_STEPS_MS.length - 1];
  const ticks: number[] = [];
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs; t += step) ticks.push(t);
  return ticks;
}

/** "14:05" in the viewer's time zone, or "Nov 27 14:05" when the window spans more than a day. */
export function formatClock(ms: number, spanMs: number): string {
  const d = new Date(ms);
  const hm = `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
  if (spanMs <= 86_400_000) return hm;
  return `${d.toLocaleString("en", { month: "short" })} ${d.getDate()} ${hm}`;
}

/** An SVG path through the points; a null value breaks the line (a minute without data). */
export function linePath(points: readonly { x: number; y: number | null }[]): string {
  let out = "";
  let pen = false;
  for (const p of points) {
    if (p.y === null || !Number.isFinite(p.y)) {
      pen = false;
      continue;
    }
    out += `${out ? " " : ""}${pen ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)}`;
    pen = true;
  }
  return out;
}

/** Index of the x closest to `x` (xs ascending); -1 when there are none. */
export function nearestIndex(xs: readonly number[], x: number): number {
  if (xs.length === 0) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[lo] - x) <= Math.abs(xs[hi] - x) ? lo : hi;
}

export interface HistogramBar {
  /** bucket index on the shared bounds */
  index: number;
  /** upper bound of the bucket in ms (Infinity for the overflow bucket) */
  upperMs: number;
  client: number;
  server: number;
}

/** Buckets from the first to the last non-empty one of either histogram. */
export function histogramBars(client: readonly number[], server: readonly number[]): HistogramBar[] {
  const n = Math.max(client.length, server.length);
  let first = -1;
  let last = -1;
  for (let i = 0; i < n; i++) {
    if ((client[i] ?? 0) > 0 || (server[i] ?? 0) > 0) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return [];
  const bars: HistogramBar[] = [];
  for (let i = first; i <= last; i++) bars.push({ index: i, upperMs: bucketUpperUs(i) / 1000, client: client[i] ?? 0, server: server[i] ?? 0 });
  return bars;
}

/**
 * Where a latency falls on the log-scale bucket axis, in bucket units: bucket i spans [i, i + 1),
 * and its upper bound sits at i + 1. Percentile markers are drawn with this, so they line up
 * with the bars whatever the interpolation inside a bucket gave.
 */
export function logBucketPosition(ms: number): number {
  const us = ms * 1000;
  if (!(us > MIN_US)) return 0.5;
  return Math.log2(us / MIN_US) * BUCKETS_PER_OCTAVE + 1;
}

/** Round latencies (1, 2, 5 × 10^n ms) inside the bucket range [first, last], as axis ticks. */
export function latencyTicks(firstIndex: number, lastIndex: number): number[] {
  const lo = bucketUpperUs(Math.max(0, firstIndex - 1)) / 1000;
  const hi = bucketUpperUs(lastIndex) / 1000;
  const ticks: number[] = [];
  for (let mag = 10 ** Math.floor(Math.log10(lo)); mag <= hi * 10; mag *= 10) {
    for (const m of [1, 2, 5]) {
      const v = Number((m * mag).toPrecision(6));
      if (v >= lo && v <= hi) ticks.push(v);
    }
  }
  return ticks;
}
