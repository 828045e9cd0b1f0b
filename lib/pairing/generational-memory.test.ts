import { describe, expect, it } from "vitest";
import { GenerationalMemory } from "./generational-memory";

describe("GenerationalMemory", () => {
  it("keeps entries for at least the TTL and forgets them within two", () => {
    const m = new GenerationalMemory<number>(100, 1000);
    m.set("a", 1, 0);
    m.set("b", 2, 600);
    m.expire(999);
    expect([m.get("a"), m.get("b")]).toEqual([1, 2]);
    m.expire(1000); // the young generation started at 0: it becomes old, nothing is lost yet
    expect([m.get("a"), m.get("b")]).toEqual([1, 2]);
    m.set("c", 3, 1200);
    m.expire(1599);
    expect(m.get("a")).toBe(1);
    m.expire(1600); // the old generation's newest entry (b, 600) is past the TTL: a and b go
    expect([m.get("a"), m.get("b"), m.get("c")]).toEqual([undefined, undefined, 3]);
  });

  it("holds at most maxItems, dropping the oldest half when full", () => {
    const m = new GenerationalMemory<number>(4, 60_000);
    for (let i = 0; i < 5; i++) m.set(`k${i}`, i, 0);
    expect(m.size).toBe(3); // k0 and k1 were dropped with the oldest generation
    expect(m.get("k0")).toBeUndefined();
    expect([m.get("k2"), m.get("k3"), m.get("k4")]).toEqual([2, 3, 4]);
    m.set("k4", 40, 0); // an update does not rotate
    expect(m.get("k3")).toBe(3);
    expect(m.get("k4")).toBe(40);
  });
});
