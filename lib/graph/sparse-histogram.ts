// Latency histograms kept compactly in the graph's minute cache: only the non-zero buckets, as
// (index, count) pairs in one Float64Array. A minute of one edge fills a few dozen of the 93
// buckets, so this is a fraction of a dense array, and summing a window touches only those.
import { BUCKET_COUNT, type Histogram } from "@/lib/contracts/histogram";

export interface SparseHistogram {
  /** [bucket, count, bucket, count, …] for the non-zero buckets */
  pairs: Float64Array;
  sumUs: number;
  count: number;
}

const EMPTY = new Float64Array(0);

export function sparseOf(counts: readonly (number | string)[] | null, sumUs: number, count: number): SparseHistogram {
  let nonZero = 0;
  const n = counts ? Math.min(counts.length, BUCKET_COUNT) : 0;
  for (let i = 0; i < n; i++) if (Number(counts![i])) nonZero++;
  const pairs = nonZero === 0 ? EMPTY : new Float64Array(nonZero * 2);
  let j = 0;
  for (let i = 0; i < n && j < pairs.length; i++) {
    const v = Number(counts![i]);
    if (v) {
      pairs[j++] = i;
      pairs[j++] = v;
    }
  }
  return { pairs, sumUs: Number(sumUs) || 0, count: Number(count) || 0 };
}

/** Estimated bytes held by one sparse histogram. */
export const sparseBytes = (h: SparseHistogram) => 96 + h.pairs.length * 8;

export function addSparse(into: Histogram, h: SparseHistogram): void {
  const p = h.pairs;
  for (let j = 0; j < p.length; j += 2) into.counts[p[j]] += p[j + 1];
  into.count += h.count;
  into.sumUs += h.sumUs;
}
