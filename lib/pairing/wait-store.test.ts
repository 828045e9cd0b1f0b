import { describe, expect, it } from "vitest";
import { WaitStore } from "./wait-store";

describe("WaitStore", () => {
  it("expires entries first in, first out, once their TTL has passed", () => {
    const store = new WaitStore<string>(10, 1000);
    store.insert("a", "A", 0);
    store.insert("b", "B", 500);
    expect(store.expire(999)).toEqual([]);
    expect(store.expire(1000)).toEqual([["a", "A"]]);
    expect(store.get("b")).toBe("B");
    expect(store.expire(5000)).toEqual([["b", "B"]]);
    expect(store.size).toBe(0);
  });

  it("does not refresh the TTL when an entry is updated", () => {
    const store = new WaitStore<string>(10, 1000);
    store.insert("a", "A", 0);
    store.insert("a", "A2", 900);
    expect(store.expire(1000)).toEqual([["a", "A2"]]);
  });

  it("refuses new keys when full but still updates existing ones", () => {
    const store = new WaitStore<number>(2, 1000);
    expect(store.insert("a", 1, 0)).toBe(true);
    expect(store.insert("b", 2, 0)).toBe(true);
    expect(store.insert("c", 3, 0)).toBe(false);
    expect(store.insert("a", 4, 0)).toBe(true);
    expect(store.get("c")).toBeUndefined();
    expect(store.delete("a")).toBe(4);
    expect(store.insert("c", 3, 0)).toBe(true);
  });

  it("evicts the oldest entries to make room when used as a cache", () => {
    const store = new WaitStore<number>(2, 1000);
    store.insertEvicting("a", 1, 0);
    store.insertEvicting("b", 2, 1);
    store.insertEvicting("c", 3, 2);
    expect(store.get("a")).toBeUndefined();
    expect(store.drainAll()).toEqual([["b", 2], ["c", 3]]);
  });
});
