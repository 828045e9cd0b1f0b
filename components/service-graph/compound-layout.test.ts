import { describe, expect, it } from "vitest";
import { compoundLayout, stack, type FlatLayout, type LayoutNode, type Point } from "./compound-layout";

// A stand-in for cose: boxes in a row, 40 px apart, in the order given. Records what it was asked.
const calls: { ids: string[]; edges: string[] }[] = [];
const row: FlatLayout = (nodes, edges) => {
  calls.push({ ids: nodes.map((n) => n.id), edges: edges.map((e) => `${e.source}>${e.target}`) });
  let x = 0;
  const out = new Map<string, Point>();
  for (const n of nodes) {
    out.set(n.id, { x: x + n.width / 2, y: 0 });
    x += n.width + 40;
  }
  return out;
};

const box = (id: string, parent?: string, width = 40, height = 30): LayoutNode => ({ id, parent, width, height });
const overlap = (a: { p: Point; w: number; h: number }, b: { p: Point; w: number; h: number }) =>
  Math.abs(a.p.x - b.p.x) < (a.w + b.w) / 2 && Math.abs(a.p.y - b.p.y) < (a.h + b.h) / 2;

describe("compoundLayout", () => {
  it("stacks children without edges (operations) in a column and keeps compounds apart", () => {
    calls.length = 0;
    const nodes = [box("svc:a"), box("op:a1", "svc:a"), box("op:a2", "svc:a"), box("svc:b"), box("op:b1", "svc:b"), box("db")];
    const pos = compoundLayout(nodes, [{ source: "svc:a", target: "svc:b" }, { source: "svc:b", target: "db" }], row);
    // operations of a: same x, one under the other
    expect(pos.get("op:a1")!.x).toBe(pos.get("op:a2")!.x);
    expect(pos.get("op:a2")!.y - pos.get("op:a1")!.y).toBe(38);
    // only the top level went through the force layout, with its edges
    expect(calls).toEqual([{ ids: ["svc:a", "svc:b", "db"], edges: ["svc:a>svc:b", "svc:b>db"] }]);
    // children of different compounds never overlap
    const leaf = (id: string) => ({ p: pos.get(id)!, w: 40, h: 30 });
    for (const a of ["op:a1", "op:a2"]) for (const b of ["op:b1", "db"]) expect(overlap(leaf(a), leaf(b))).toBe(false);
  });

  it("lifts edges between members of two groups to the groups, recursively", () => {
    calls.length = 0;
    const nodes = [box("g:1"), box("g:2"), box("web", "g:1"), box("api", "g:1"), box("bank", "g:2"), box("user")];
    compoundLayout(nodes, [{ source: "web", target: "api" }, { source: "api", target: "bank" }, { source: "user", target: "web" }], row);
    expect(calls).toContainEqual({ ids: ["web", "api"], edges: ["web>api"] }); // inside g:1
    expect(calls).toContainEqual({ ids: ["g:1", "g:2", "user"], edges: ["g:1>g:2", "user>g:1"] });
  });

  it("centres the drawing and is deterministic", () => {
    const nodes = [box("a"), box("b")];
    const one = compoundLayout(nodes, [{ source: "a", target: "b" }], row);
    expect(one.get("a")!.x + one.get("b")!.x).toBeCloseTo(0);
    expect(compoundLayout(nodes, [{ source: "a", target: "b" }], row)).toEqual(one);
  });

  it("stack breaks long lists into columns of eight", () => {
    const out = stack(Array.from({ length: 10 }, (_, i) => ({ id: `o${i}`, width: 20, height: 10 })));
    expect(new Set([...out.values()].map((p) => p.x)).size).toBe(2);
    expect(out.get("o8")!.y).toBe(out.get("o0")!.y);
  });
});
