import { describe, expect, it } from "vitest";
import { BUCKET_COUNT, bucketIndex } from "@/lib/contracts/histogram";
import { histogramBars, sparklinePath } from "./chart-geometry";

describe("sparklinePath", () => {
  it("scales to the peak and spans the width", () => {
    expect(sparklinePath([0, 5, 10], 100, 50)).toBe("M0.0,50.0 L50.0,25.0 L100.0,0.0");
    expect(sparklinePath([], 100, 50)).toBe("");
    expect(sparklinePath([3], 100, 50)).toBe("M0.0,0.0 L100.0,0.0");
  });
});

describe("histogramBars", () => {
  it("trims to the used buckets of either side, keeping both counts per bucket", () => {
    const client = new Array<number>(BUCKET_COUNT).fill(0);
    const server = new Array<number>(BUCKET_COUNT).fill(0);
    client[bucketIndex(40_000)] = 2; // 40 ms
    server[bucketIndex(30_000)] = 3; // 30 ms
    const bars = histogramBars(client, server);
    expect(bars.length).toBe(bucketIndex(40_000) - bucketIndex(30_000) + 1);
    expect(bars[0]).toMatchObject({ client: 0, server: 3 });
    expect(bars.at(-1)).toMatchObject({ client: 2, server: 0 });
    expect(bars[0].upperMs).toBeGreaterThanOrEqual(30);
    expect(histogramBars(new Array(BUCKET_COUNT).fill(0), [])).toEqual([]);
  });
});
