// The minute cache on its own: what it stores (closed minutes only), when it forgets (ingest's
// invalidation, even mid-fetch; the TTL), and its memory bound (least recently used evicted).
import { afterEach, describe, expect, it } from "vitest";
import { MINUTE_MS, MinuteCache, type MinuteFetch, type OpenMinuteCheck } from "./minute-cache";
import { rollupMinutesWritten } from "./minute-invalidation";

const T0 = Date.UTC(2026, 10, 27, 10, 0);
const NOW = T0 + 60 * MINUTE_MS; // minutes T0 … T0+58 are closed (1 min grace), T0+59 is open

interface Row { minute: number; v: number }

/** A fetch that counts what it was asked for and answers one row per minute, version `v`. */
function counting(v = 1) {
  const asked: number[][] = [];
  const fetch: MinuteFetch<Row> = async (minutes) => {
    asked.push(minutes);
    return new Map(minutes.map((m) => [m, [{ minute: m, v }]]));
  };
  return { asked, fetch };
}

const caches: MinuteCache<Row>[] = [];
function cache(options: Partial<ConstructorParameters<typeof MinuteCache<Row>>[0]> = {}) {
  const c = new MinuteCache<Row>({ sizeOf: () => 100, random: () => 1, ...options });
  caches.push(c);
  return c;
}
afterEach(() => caches.splice(0).forEach((c) => c.dispose()));

describe("MinuteCache", () => {
  it("serves closed minutes from memory and always fetches the open ones", async () => {
    const c = cache();
    const f = counting();
    const from = NOW - 5 * MINUTE_MS;
    const first = await c.window(from, NOW, f.fetch, NOW);
    expect(first.map((rows) => rows[0].minute)).toEqual([0, 1, 2, 3, 4].map((i) => from + i * MINUTE_MS));
    await c.window(from, NOW, f.fetch, NOW);
    expect(f.asked).toEqual([
      [0, 1, 2, 3, 4].map((i) => from + i * MINUTE_MS),
      [NOW - MINUTE_MS], // the open minute only
    ]);
    expect(c.minutesCached).toBe(4);
  });

  it("answers an empty list for a minute without rows, and caches that too", async () => {
    const c = cache();
    const fetch: MinuteFetch<Row> = async () => new Map();
    expect(await c.window(T0, T0 + 2 * MINUTE_MS, fetch, NOW)).toEqual([[], []]);
    expect(c.has(T0, NOW)).toBe(true);
  });

  it("forgets minutes that ingest reports written, and refetches only those", async () => {
    const c = cache();
    const f = counting();
    await c.window(T0, T0 + 3 * MINUTE_MS, f.fetch, NOW);
    rollupMinutesWritten([T0 + MINUTE_MS, T0 + 500 * MINUTE_MS]);
    const g = counting(2);
    const rows = await c.window(T0, T0 + 3 * MINUTE_MS, g.fetch, NOW);
    expect(g.asked).toEqual([[T0 + MINUTE_MS]]);
    expect(rows.map((r) => r[0].v)).toEqual([1, 2, 1]);
  });

  it("does not store a fetch during which a minute was invalidated (it may hold rows from before the write)", async () => {
    const c = cache();
    const fetch: MinuteFetch<Row> = async (minutes) => {
      rollupMinutesWritten([T0 + 30 * MINUTE_MS]); // an unrelated minute: still, nothing is stored
      return new Map(minutes.map((m) => [m, [{ minute: m, v: 1 }]]));
    };
    await c.window(T0, T0 + 2 * MINUTE_MS, fetch, NOW);
    expect(c.minutesCached).toBe(0);
  });

  it("expires a minute after its TTL, drawn between half the TTL and the TTL", async () => {
    const early = cache({ ttlMs: 60_000, random: () => 0 });
    const late = cache({ ttlMs: 60_000, random: () => 0.999 });
    for (const c of [early, late]) await c.window(T0, T0 + MINUTE_MS, counting().fetch, NOW);
    expect(early.has(T0, NOW + 29_999)).toBe(true);
    expect(early.has(T0, NOW + 30_000)).toBe(false);
    expect(late.has(T0, NOW + 59_000)).toBe(true);
    expect(late.has(T0, NOW + 60_000)).toBe(false);
    const f = counting(2);
    const rows = await early.window(T0, T0 + MINUTE_MS, f.fetch, NOW + 30_000);
    expect(f.asked).toEqual([[T0]]);
    expect(rows[0][0].v).toBe(2);
  });

  it("keeps its estimated size under maxBytes by evicting the least recently used minutes", async () => {
    // 100 bytes a row + 64 a minute: three minutes fit in 500 bytes, four do not.
    const c = cache({ maxBytes: 500 });
    const f = counting();
    await c.window(T0, T0 + 3 * MINUTE_MS, f.fetch, NOW);
    expect(c.size).toBe(3 * 164);
    await c.window(T0, T0 + MINUTE_MS, f.fetch, NOW); // T0 is now the most recently used
    await c.window(T0 + 3 * MINUTE_MS, T0 + 4 * MINUTE_MS, f.fetch, NOW);
    expect(c.size).toBeLessThanOrEqual(500);
    expect([0, 1, 2, 3].map((i) => c.has(T0 + i * MINUTE_MS, NOW))).toEqual([true, false, true, true]);
  });

  it("never stores a minute bigger than the whole bound", async () => {
    const c = cache({ maxBytes: 150 });
    await c.window(T0, T0 + MINUTE_MS, counting().fetch, NOW);
    expect(c.minutesCached).toBe(0);
    expect(c.size).toBe(0);
  });

  it("stops listening once disposed", async () => {
    const c = cache();
    await c.window(T0, T0 + MINUTE_MS, counting().fetch, NOW);
    c.dispose();
    expect(c.minutesCached).toBe(0);
    expect(() => rollupMinutesWritten([T0])).not.toThrow();
  });

  it("keeps an open minute while the database's digest of it is unchanged, and refetches it once it changes", async () => {
    const c = cache();
    const open = NOW - MINUTE_MS;
    let inDatabase = "1";
    const asked: number[][] = [];
    const check: OpenMinuteCheck<Row> = {
      digestOf: (rows) => String(rows[0]?.v ?? 0),
      digests: async (minutes) => {
        asked.push(minutes);
        return new Map([[open, inDatabase]]);
      },
    };
    const f = counting(1);
    await c.window(open, NOW, f.fetch, NOW, check);
    const again = await c.window(open, NOW, f.fetch, NOW, check);
    expect(again[0][0].v).toBe(1);
    expect(f.asked).toEqual([[open]]); // served from memory the second time
    expect(asked).toEqual([[open]]);
    inDatabase = "2"; // another writer added to the minute
    const g = counting(2);
    const after = await c.window(open, NOW, g.fetch, NOW, check);
    expect(g.asked).toEqual([[open]]);
    expect(after[0][0].v).toBe(2);
    expect(c.minutesCached).toBe(0); // open minutes are never among the closed ones
  });
});
