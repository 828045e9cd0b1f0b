import { describe, expect, it } from "vitest";
import { nextSort, sortRows } from "./table-sort";

const rows = [
  { name: "b", p95: 20 },
  { name: "a", p95: null },
  { name: "c", p95: 5 },
  { name: "d", p95: 20 },
];

describe("sortRows", () => {
  it("sorts numbers both ways, keeps ties in order and missing values last", () => {
    expect(sortRows(rows, (r) => r.p95, "desc").map((r) => r.name)).toEqual(["b", "d", "c", "a"]);
    expect(sortRows(rows, (r) => r.p95, "asc").map((r) => r.name)).toEqual(["c", "b", "d", "a"]);
  });

  it("sorts text by locale", () => {
    expect(sortRows(rows, (r) => r.name, "asc").map((r) => r.name)).toEqual(["a", "b", "c", "d"]);
    expect(sortRows(rows, (r) => r.name, "desc").map((r) => r.name)).toEqual(["d", "c", "b", "a"]);
  });
});

describe("nextSort", () => {
  it("flips the current column and starts numbers worst-first", () => {
    expect(nextSort({ key: "calls", direction: "desc" }, "calls", true)).toEqual({ key: "calls", direction: "asc" });
    expect(nextSort({ key: "calls", direction: "desc" }, "p95", true)).toEqual({ key: "p95", direction: "desc" });
    expect(nextSort({ key: "calls", direction: "desc" }, "name", false)).toEqual({ key: "name", direction: "asc" });
  });
});
