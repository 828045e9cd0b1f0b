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

/**
 * From the bucket counts as PostgreSQL writes an array as text, `{0,3,…}` (or `0,3,…`, or null):
 * `hist::text` costs the database and the driver a fraction of an int[] (bench/README "UI").
 */
export function sparseOf(counts: string | null, sumUs: number, count: number): SparseHistogram {
  const pairs = counts ? pairsOf(counts) : EMPTY;
  return { pairs, sumUs: Number(sumUs) || 0, count: Number(count) || 0 };
}

const COMMA = 44;
const OPEN = 123; // {
const CLOSE = 125; // }
const ZERO = 48;
const NINE = 57;

// Reads "0,0,3,12,0,…" digit by digit: a minute of 1,500 edges is 280,000 buckets, and a
// substring per bucket (split) made most of a read's garbage. Anything but plain digits (a sum
// written as 1e+16, say) goes through the general parse.
function pairsOf(text: string): Float64Array {
  const found: number[] = [];
  let bucket = 0;
  let value = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : COMMA;
    if (c === OPEN || c === CLOSE) continue;
    if (c === COMMA) {
      if (value !== 0 && bucket < BUCKET_COUNT) found.push(bucket, value);
      bucket++;
      value = 0;
    } else if (c >= ZERO && c <= NINE) value = value * 10 + (c - ZERO);
    else return pairsOfGeneral(text);
  }
  return found.length === 0 ? EMPTY : Float64Array.from(found);
}

function pairsOfGeneral(text: string): Float64Array {
  const found: number[] = [];
  text.replace(/[{}]/g, "").split(",").forEach((v, i) => {
    const n = Number(v);
    if (n && i < BUCKET_COUNT) found.push(i, n);
  });
  return found.length === 0 ? EMPTY : Float64Array.from(found);
}

/** Estimated bytes held by one sparse histogram. */
export const sparseBytes = (h: SparseHistogram) => 96 + h.pairs.length * 8;

export function addSparse(into: Histogram, h: SparseHistogram): void {
  const p = h.pairs;
  for (let j = 0; j < p.length; j += 2) into.counts[p[j]] += p[j + 1];
  into.count += h.count;
  into.sumUs += h.sumUs;
}

/** One sparse histogram holding the sum of several. */
export function mergeSparse(hists: readonly SparseHistogram[]): SparseHistogram {
  const dense = new Float64Array(BUCKET_COUNT);
  let sumUs = 0;
  let count = 0;
  for (const h of hists) {
    for (let j = 0; j < h.pairs.length; j += 2) dense[h.pairs[j]] += h.pairs[j + 1];
    sumUs += h.sumUs;
    count += h.count;
  }
  const found: number[] = [];
  dense.forEach((v, i) => {
    if (v) found.push(i, v);
  });
  return { pairs: found.length ? Float64Array.from(found) : EMPTY, sumUs, count };
}
