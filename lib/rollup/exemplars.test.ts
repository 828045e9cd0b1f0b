import { describe, expect, it } from "vitest";
import { EXEMPLAR_LIMIT } from "@/lib/contracts/rollup";
import { ExemplarPicker, mergeExemplars } from "./exemplars";

const id = (n: number) => n.toString(16).padStart(32, "0");

describe("ExemplarPicker", () => {
  it("keeps failed calls first, then the slowest, up to the limit", () => {
    const p = new ExemplarPicker();
    for (let i = 1; i <= 10; i++) p.offer(id(i), false, i * 1000);
    p.offer(id(99), true, 1);
    expect(p.traceIds()).toEqual([id(99), id(10), id(9), id(8), id(7)]);
    expect(p.traceIds()).toHaveLength(EXEMPLAR_LIMIT);
  });

  it("keeps a trace once, with its best call, and ignores ids the contract refuses", () => {
    const p = new ExemplarPicker();
    p.offer(id(1), false, 10);
    p.offer(id(2), false, 20);
    p.offer(id(1), true, 5);
    p.offer("not-a-trace-id", true, 1e9);
    expect(p.traceIds()).toEqual([id(1), id(2)]);
  });
});

describe("mergeExemplars", () => {
  it("takes each list's head in turn, deduplicated and capped", () => {
    expect(mergeExemplars([id(1), id(2), id(3)], [id(4), id(1), id(5), id(6)])).toEqual([id(1), id(4), id(2), id(3), id(5)]);
  });
});
