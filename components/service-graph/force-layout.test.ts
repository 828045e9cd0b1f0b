import { describe, expect, it } from "vitest";
import { forceLayout } from "./force-layout";

/** A deterministic 300-node, 1,500-edge graph of clusters: 10 rings of 30, dense inside, sparse across. */
function clustered() {
  const nodes = Array.from({ length: 300 }, (_, i) => ({ id: `n${i}`, width: 110, height: 45 }));
  const edges: { source: string; target: string }[] = [];
  for (let i = 0; i < 300; i++) {
    const base = Math.floor(i / 30) * 30;
    for (let k = 1; k <= 4; k++) edges.push({ source: `n${i}`, target: `n${base + ((i - base + k * 7) % 30)}` });
    edges.push({ source: `n${i}`, target: `n${(i * 37 + 11) % 300}` });
  }
  return { nodes, edges };
}

const overlaps = (boxes: { x: number; y: number; width: number; height: number }[]) => {
  let count = 0;
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      if (Math.abs(boxes[i].x - boxes[j].x) < (boxes[i].width + boxes[j].width) / 2 && Math.abs(boxes[i].y - boxes[j].y) < (boxes[i].height + boxes[j].height) / 2) count++;
  return count;
};

describe("forceLayout", () => {
  it("places every node, and the same input gives the same picture", () => {
    const { nodes, edges } = clustered();
    const a = forceLayout(nodes, edges);
    const b = forceLayout(nodes, edges);
    expect(a.size).toBe(300);
    for (const [id, p] of a) {
      expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
      expect(b.get(id)).toEqual(p);
    }
  });

  it("keeps boxes (labels included) almost entirely apart", () => {
    const { nodes, edges } = clustered();
    const at = forceLayout(nodes, edges);
    const boxes = nodes.map((n) => ({ ...n, ...at.get(n.id)! }));
    // The overlap pass is bounded in sweeps; a handful of touching pairs out of 44,850 may stay.
    expect(overlaps(boxes)).toBeLessThan(10);
  });

  it("draws connected nodes closer than unconnected ones (clusters stay together)", () => {
    const { nodes, edges } = clustered();
    const at = forceLayout(nodes, edges);
    const dist = (a: string, b: string) => Math.hypot(at.get(a)!.x - at.get(b)!.x, at.get(a)!.y - at.get(b)!.y);
    const sameCluster: number[] = [];
    const otherCluster: number[] = [];
    for (let i = 0; i < 300; i += 7)
      for (let j = i + 1; j < 300; j += 5) (Math.floor(i / 30) === Math.floor(j / 30) ? sameCluster : otherCluster).push(dist(`n${i}`, `n${j}`));
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    expect(mean(sameCluster)).toBeLessThan(mean(otherCluster) * 0.6);
  });

  it("starts from the given positions and separates coincident nodes", () => {
    const nodes = [
      { id: "a", width: 60, height: 30, x: 0, y: 0 },
      { id: "b", width: 60, height: 30, x: 0, y: 0 },
      { id: "c", width: 60, height: 30, x: 0, y: 0 },
    ];
    const at = forceLayout(nodes, [{ source: "a", target: "b" }], { iterations: 50 });
    const boxes = nodes.map((n) => ({ ...n, ...at.get(n.id)! }));
    expect(overlaps(boxes)).toBe(0);
  });

  it("ignores edges to unknown nodes and self-loops, and an empty graph is empty", () => {
    expect(forceLayout([], []).size).toBe(0);
    const at = forceLayout([{ id: "a", width: 10, height: 10 }], [{ source: "a", target: "a" }, { source: "a", target: "zz" }]);
    expect(at.get("a")).toEqual({ x: 0, y: 0 });
  });
});
