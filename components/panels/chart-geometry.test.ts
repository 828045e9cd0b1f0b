import { describe, expect, it } from "vitest";
import { BUCKET_COUNT, bucketIndex, bucketUpperUs } from "@/lib/contracts/histogram";
import {
  formatClock, histogramBars, latencyTicks, linearScale, linePath, logBucketPosition, nearestIndex, niceTicks, sparklinePath, timeTicks,
} from "./chart-geometry";

describe("sparklinePath", () => {
  it("scales to the peak and spans the width", () => {
    expect(sparklinePath([0, 5, 10], 100, 50)).toBe("M0.0,50.0 L50.0,25.0 L100.0,0.0");
    expect(sparklinePath([], 100, 50)).toBe("");
    expect(sparklinePath([3], 100, 50)).toBe("M0.0,0.0 L100.0,0.0");
  });
});

describe("scales and ticks", () => {
  it("maps a domain linearly, and a zero-width domain to the range start", () => {
    const y = linearScale(0, 10, 100, 0);
    expect(y(0)).toBe(100);
    expect(y(5)).toBe(50);
    expect(linearScale(3, 3, 7, 9)(3)).toBe(7);
  });

  it("chooses round steps and tops the axis at or above the maximum", () => {
    expect(niceTicks(10)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0.03)).toEqual([0, 0.01, 0.02, 0.03]);
    expect(niceTicks(1234)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN)).toEqual([0, 1]);
  });

  it("puts time ticks on whole minutes and hours inside the window", () => {
    const from = Date.UTC(2026, 0, 1, 10, 0, 30);
    expect(timeTicks(from, from + 15 * 60_000)).toEqual([5, 10, 15].map((m) => Date.UTC(2026, 0, 1, 10, m)));
    const hourTicks = timeTicks(Date.UTC(2026, 0, 1, 0, 0), Date.UTC(2026, 0, 2, 0, 0));
    expect(hourTicks.every((t) => t % (6 * 3_600_000) === 0)).toBe(true);
    expect(hourTicks.length).toBeLessThanOrEqual(5);
    expect(timeTicks(5, 5)).toEqual([]);
  });

  it("formats clock labels, adding the day only for windows over a day", () => {
    const t = new Date(2026, 10, 27, 9, 5).getTime();
    expect(formatClock(t, 3_600_000)).toBe("09:05");
    expect(formatClock(t, 2 * 86_400_000)).toBe("Nov 27 09:05");
  });
});

describe("linePath and nearestIndex", () => {
  it("breaks the line where a value is missing", () => {
    expect(linePath([{ x: 0, y: 1 }, { x: 10, y: 2 }, { x: 20, y: null }, { x: 30, y: 4 }])).toBe("M0.0,1.0 L10.0,2.0 M30.0,4.0");
    expect(linePath([])).toBe("");
  });

  it("finds the closest x, ties to the left", () => {
    expect(nearestIndex([0, 10, 20], 14)).toBe(1);
    expect(nearestIndex([0, 10, 20], 16)).toBe(2);
    expect(nearestIndex([0, 10, 20], 5)).toBe(0);
    expect(nearestIndex([0, 10, 20], -50)).toBe(0);
    expect(nearestIndex([0, 10, 20], 99)).toBe(2);
    expect(nearestIndex([], 3)).toBe(-1);
  });
});

describe("histogram geometry", () => {
  it("trims to the used buckets of either side, keeping both counts per bucket", () => {
    const client = new Array<number>(BUCKET_COUNT).fill(0);
    const server = new Array<number>(BUCKET_COUNT).fill(0);
    client[bucketIndex(40_000)] = 2; // 40 ms
    server[bucketIndex(30_000)] = 3; // 30 ms
    const bars = histogramBars(client, server);
    expect(bars.length).toBe(bucketIndex(40_000) - bucketIndex(30_000) + 1);
    expect(bars[0]).toMatchObject({ index: bucketIndex(30_000), client: 0, server: 3 });
    expect(bars.at(-1)).toMatchObject({ client: 2, server: 0 });
    expect(bars[0].upperMs).toBeGreaterThanOrEqual(30);
    expect(histogramBars(new Array(BUCKET_COUNT).fill(0), [])).toEqual([]);
  });

  it("places a latency inside its bucket on the log axis, a bucket's upper bound at its right edge", () => {
    for (const i of [3, 40, 70]) expect(logBucketPosition(bucketUpperUs(i) / 1000)).toBeCloseTo(i + 1, 9);
    const p = logBucketPosition(35);
    const i = bucketIndex(35_000);
    expect(p).toBeGreaterThan(i);
    expect(p).toBeLessThanOrEqual(i + 1);
    expect(logBucketPosition(0)).toBe(0.5);
  });

  it("labels the log axis with round latencies inside the drawn buckets", () => {
    const ticks = latencyTicks(bucketIndex(3_000), bucketIndex(300_000)); // 3 ms … 300 ms
    expect(ticks).toEqual([5, 10, 20, 50, 100, 200]);
  });
});
