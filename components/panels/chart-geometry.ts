// Pure geometry for the panels' inline SVG charts: a sparkline path over minute points, and the
// bars of two latency histograms on the shared log-scale buckets, trimmed to the buckets in use.
import { bucketUpperUs } from "@/lib/contracts/histogram";

export function sparklinePath(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return "";
  if (values.length === 1) return sparklinePath([values[0], values[0]], width, height); // one minute: a flat line
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((v, i) => `${i === 0 ? "M" : "L"}${(i * step).toFixed(1)},${(height - (v / max) * height).toFixed(1)}`)
    .join(" ");
}

export interface HistogramBar {
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
  for (let i = first; i <= last; i++) bars.push({ upperMs: bucketUpperUs(i) / 1000, client: client[i] ?? 0, server: server[i] ?? 0 });
  return bars;
}
