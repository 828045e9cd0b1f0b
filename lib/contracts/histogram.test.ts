import { describe, expect, it } from "vitest";
import { BUCKET_COUNT, bucketIndex, bucketUpperUs, emptyHistogram, mergeInto, observe, quantileUs, MAX_US } from "./histogram";

describe("histogram", () => {
  it("puts a duration in the bucket whose bounds hold it", () => {
    for (const d of [1, 16, 17, 100, 1000, 12345, 1e6, 5e7]) {
      const i = bucketIndex(d);
      expect(d).toBeLessThanOrEqual(bucketUpperUs(i));
      if (i > 0) expect(d).toBeGreaterThan(bucketUpperUs(i - 1));
    }
    expect(bucketIndex(MAX_US * 10)).toBe(BUCKET_COUNT - 1);
    expect(bucketIndex(Number.NaN)).toBe(0);
  });

  it("estimates quantiles within the bucket error", () => {
    const h = emptyHistogram();
    for (let ms = 1; ms <= 1000; ms++) observe(h, ms * 1000);
    expect(quantileUs(h, 0.5)! / 500_000).toBeGreaterThan(0.91);
    expect(quantileUs(h, 0.5)! / 500_000).toBeLessThan(1.1);
    expect(quantileUs(h, 0.99)! / 990_000).toBeGreaterThan(0.91);
    expect(quantileUs(h, 0.99)! / 990_000).toBeLessThan(1.1);
    expect(quantileUs(emptyHistogram(), 0.5)).toBeNull();
  });

  it("merges by addition", () => {
    const a = emptyHistogram();
    const b = emptyHistogram();
    observe(a, 1000);
    observe(b, 1000);
    observe(b, 2_000_000);
    mergeInto(a, b);
    expect(a.count).toBe(3);
    expect(a.sumUs).toBe(2_002_000);
    expect(a.counts.reduce((s, c) => s + c, 0)).toBe(3);
  });
});
