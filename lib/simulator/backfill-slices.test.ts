// The backfill's order: a long one sends its first minute, then the last quarter hour, then the
// middle, covering the whole range exactly once; a short one goes oldest-first in one piece.
import { describe, expect, it } from "vitest";
import { backfillSlices } from "./simulator";

const M = 60_000;
const END = Date.UTC(2026, 0, 15, 12, 0, 17); // not on a whole minute, as "now" rarely is

describe("backfillSlices", () => {
  it("an hour: first minute, last quarter hour (from a whole minute), then the middle", () => {
    const slices = backfillSlices(END - 60 * M, END);
    expect(slices).toEqual([
      [END - 60 * M, END - 59 * M],
      [Date.UTC(2026, 0, 15, 11, 45), END],
      [END - 59 * M, Date.UTC(2026, 0, 15, 11, 45)],
    ]);
    const covered = slices.reduce((n, [a, b]) => n + (b - a), 0);
    expect(covered).toBe(60 * M);
  });

  it("a short backfill is one oldest-first slice; none is none", () => {
    expect(backfillSlices(END - 15 * M, END)).toEqual([[END - 15 * M, END]]);
    expect(backfillSlices(END, END)).toEqual([]);
  });
});
