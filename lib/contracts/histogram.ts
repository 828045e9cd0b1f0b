// Latency histograms with fixed log-scale buckets, shared by the collector, the server and the
// browser. Because every producer uses the same bounds, two histograms merge by adding their
// counts bucket by bucket: a minute from the agent, a minute from the server's own pairing and a
// stored rollup all add up without loss.
//
// Bucket i counts durations d (microseconds) with upper(i-1) < d <= upper(i), where
// upper(i) = MIN_US * 2^(i / BUCKETS_PER_OCTAVE). Four buckets per octave bound the relative error
// of an interpolated quantile to about 9%, which is finer than what on-call decisions need and
// keeps a histogram at 93 int4 values (372 bytes) per row.
// The last bucket is the overflow bucket (everything above MAX_US).

export const MIN_US = 16; // durations at or below 16 µs land in bucket 0
export const BUCKETS_PER_OCTAVE = 4;
const OCTAVES = 23; // 16 µs · 2^23 ≈ 134 s
export const BUCKET_COUNT = OCTAVES * BUCKETS_PER_OCTAVE + 1;
export const MAX_US = MIN_US * 2 ** OCTAVES;

export interface Histogram {
  /** counts per bucket, always BUCKET_COUNT long */
  counts: number[];
  /** number of observations (equals the sum of counts) */
  count: number;
  /** sum of durations in microseconds, for means */
  sumUs: number;
}

export function emptyHistogram(): Histogram {
  return { counts: new Array<number>(BUCKET_COUNT).fill(0), count: 0, sumUs: 0 };
}

/** Upper bound in microseconds of bucket i (Infinity for the overflow bucket). */
export function bucketUpperUs(i: number): number {
  if (i >= BUCKET_COUNT - 1) return Infinity;
  return MIN_US * 2 ** (i / BUCKETS_PER_OCTAVE);
}

export function bucketIndex(durationUs: number): number {
  if (!(durationUs > MIN_US)) return 0; // also catches NaN and negatives
  if (durationUs > MAX_US) return BUCKET_COUNT - 1;
  const i = Math.ceil(Math.log2(durationUs / MIN_US) * BUCKETS_PER_OCTAVE - 1e-9);
  return Math.min(Math.max(i, 0), BUCKET_COUNT - 2);
}

export function observe(h: Histogram, durationUs: number, weight = 1): void {
  h.counts[bucketIndex(durationUs)] += weight;
  h.count += weight;
  h.sumUs += Math.max(0, durationUs) * weight;
}

/** Adds b into a (a is changed and returned). */
export function mergeInto(a: Histogram, b: Histogram): Histogram {
  for (let i = 0; i < BUCKET_COUNT; i++) a.counts[i] += b.counts[i] ?? 0;
  a.count += b.count;
  a.sumUs += b.sumUs;
  return a;
}

/**
 * Quantile q (0..1) in microseconds, interpolated log-linearly inside the bucket that holds it.
 * Returns null for an empty histogram. The overflow bucket reports MAX_US: "at least this".
 */
export function quantileUs(h: Histogram, q: number): number | null {
  if (h.count <= 0) return null;
  const rank = Math.min(Math.max(q, 0), 1) * h.count;
  let seen = 0;
  for (let i = 0; i < BUCKET_COUNT; i++) {
    const c = h.counts[i];
    if (c <= 0) continue;
    if (seen + c >= rank) {
      if (i === BUCKET_COUNT - 1) return MAX_US;
      const upper = bucketUpperUs(i);
      const lower = i === 0 ? upper / 2 : bucketUpperUs(i - 1);
      const fraction = c === 0 ? 1 : (rank - seen) / c;
      return lower * (upper / lower) ** fraction;
    }
    seen += c;
  }
  return MAX_US;
}
