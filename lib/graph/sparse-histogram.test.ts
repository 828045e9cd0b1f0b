import { describe, expect, it } from "vitest";
import { BUCKET_COUNT, emptyHistogram } from "@/lib/contracts/histogram";
import { addSparse, sparseOf } from "./sparse-histogram";

describe("sparse histograms", () => {
  it("keeps the non-zero buckets of PostgreSQL's array text and adds them into a dense histogram", () => {
    const h = sparseOf("0,3,0,12,0", 1500, 15);
    expect([...h.pairs]).toEqual([1, 3, 3, 12]);
    const into = emptyHistogram();
    addSparse(into, h);
    addSparse(into, sparseOf("1,1", 10, 2));
    expect(into.counts.slice(0, 5)).toEqual([1, 4, 0, 12, 0]);
    expect(into).toMatchObject({ count: 17, sumUs: 1510 });
  });

  it("reads sums written in exponent or decimal form, and empty or null arrays", () => {
    expect([...sparseOf("0,1e+16,2.5", 0, 0).pairs]).toEqual([1, 1e16, 2, 2.5]);
    expect(sparseOf(null, 0, 0).pairs.length).toBe(0);
    expect(sparseOf("", 0, 0).pairs.length).toBe(0);
    expect([...sparseOf("{0,7,0}", 0, 0).pairs]).toEqual([1, 7]);
    expect([...sparseOf("{0,2.5}", 0, 0).pairs]).toEqual([1, 2.5]);
  });

  it("ignores buckets beyond the shared layout", () => {
    const text = new Array(BUCKET_COUNT + 2).fill("1").join(",");
    expect(sparseOf(text, 0, 0).pairs.length).toBe(BUCKET_COUNT * 2);
  });
});
