// Turns a merged histogram row (bucket counts + sum + count) into the Latency DTO.
import type { Latency } from "@/lib/contracts/graph";
import { BUCKET_COUNT, quantileUs, type Histogram } from "@/lib/contracts/histogram";

export function toHistogram(counts: number[] | null, sumUs: number, count: number): Histogram {
  const full = new Array<number>(BUCKET_COUNT).fill(0);
  if (counts) for (let i = 0; i < Math.min(counts.length, BUCKET_COUNT); i++) full[i] = Number(counts[i]) || 0;
  return { counts: full, count: Number(count) || 0, sumUs: Number(sumUs) || 0 };
}

const ms = (us: number | null) => (us === null ? null : Math.round(us) / 1000);

export function latencyOf(h: Histogram): Latency {
  return {
    p50Ms: ms(quantileUs(h, 0.5)),
    p95Ms: ms(quantileUs(h, 0.95)),
    p99Ms: ms(quantileUs(h, 0.99)),
    meanMs: h.count > 0 ? Math.round(h.sumUs / h.count) / 1000 : null,
  };
}
