// Ten-minute blocks: merged once, replaced only for aligned whole closed blocks, and merged again
// as soon as any of their minutes is a different list (refetched by the minute cache).
import { describe, expect, it } from "vitest";
import { BLOCK_MINUTES, MinuteBlocks } from "./minute-blocks";
import { MINUTE_MS } from "./minute-cache";

const T0 = Date.UTC(2026, 10, 27, 10, 0); // aligned to ten minutes
const sum = (lists: readonly (readonly number[])[]) => [lists.flat().reduce((s, v) => s + v, 0)];
const minutes = (n: number, from = 0) => Array.from({ length: n }, (_, i) => [from + i]);

describe("MinuteBlocks", () => {
  it("replaces each aligned, closed ten-minute run by its merged rows and leaves the rest", () => {
    const blocks = new MinuteBlocks<number>(sum);
    // 25 minutes from T0 + 5 min: 5 loose, one block (T0+10 … T0+19), then 10 more, of which
    // the last are not closed yet, so they stay loose.
    const lists = minutes(25);
    const out = blocks.fold(T0 + 5 * MINUTE_MS, lists, T0 + 29 * MINUTE_MS);
    expect(out).toEqual([[0], [1], [2], [3], [4], [5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14], ...minutes(10, 15)]);
    expect(out.flat().reduce((s, v) => s + v, 0)).toBe(lists.flat().reduce((s, v) => s + v, 0));
  });

  it("merges a block once while its minutes are the same lists, again when one changes", () => {
    const blocks = new MinuteBlocks<number>(sum);
    const lists = minutes(BLOCK_MINUTES);
    blocks.fold(T0, lists, T0 + 60 * MINUTE_MS);
    blocks.fold(T0, lists, T0 + 60 * MINUTE_MS);
    expect(blocks.merges).toBe(1);
    const refetched = [...lists];
    refetched[3] = [100];
    expect(blocks.fold(T0, refetched, T0 + 60 * MINUTE_MS)).toEqual([[45 - 3 + 100]]);
    expect(blocks.merges).toBe(2);
  });

  it("keeps at most maxBlocks, evicting the least recently used", () => {
    const blocks = new MinuteBlocks<number>(sum, 2);
    const a = minutes(BLOCK_MINUTES);
    const closed = T0 + 100 * MINUTE_MS;
    for (const start of [0, 10, 20, 0]) blocks.fold(T0 + start * MINUTE_MS, a, closed);
    expect(blocks.merges).toBe(4); // the block at T0 was evicted by the third
  });
});
