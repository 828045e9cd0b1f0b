// Baseline compare (pure, client-safe): marks every node and edge of the current graph as new or
// present in both windows (with the baseline's numbers, for deltas), and adds what only the
// baseline had as "vanished" elements with zero current traffic, so a dependency that stopped is
// drawn where it used to be instead of silently missing.
import type { Compare, Graph, GraphEdge, GraphNode } from "@/lib/contracts/graph";

const numbers = (x: GraphNode | GraphEdge): NonNullable<Compare["baseline"]> => ({
  ratePerSec: x.ratePerSec,
  errorRate: x.errorRate,
  p95Ms: x.latency.p95Ms,
});

const silent = <T extends GraphNode | GraphEdge>(x: T): T => ({
  ...x,
  calls: 0,
  errors: 0,
  ratePerSec: 0,
  errorRate: 0,
  latency: { p50Ms: null, p95Ms: null, p99Ms: null, meanMs: null },
  compare: { status: "vanished", baseline: numbers(x) },
});

export function compareGraphs(current: Graph, baseline: Graph): Graph {
  const baseNodes = new Map(baseline.nodes.map((n) => [n.id, n]));
  const baseEdges = new Map(baseline.edges.map((e) => [e.id, e]));
  const nodeIds = new Set(current.nodes.map((n) => n.id));
  const edgeIds = new Set(current.edges.map((e) => e.id));
  const mark = <T extends GraphNode | GraphEdge>(x: T, base: T | undefined): T => ({
    ...x,
    compare: base ? { status: "both", baseline: numbers(base) } : { status: "new", baseline: null },
  });
  const nodes = [
    ...current.nodes.map((n) => mark(n, baseNodes.get(n.id))),
    ...baseline.nodes.filter((n) => !nodeIds.has(n.id)).map(silent),
  ];
  const edges = [
    ...current.edges.map((e) => mark(e, baseEdges.get(e.id))),
    ...baseline.edges.filter((e) => !edgeIds.has(e.id)).map((e) => ({ ...silent(e), network: undefined })),
  ];
  nodes.sort((a, b) => a.id.localeCompare(b.id));
  edges.sort((a, b) => a.id.localeCompare(b.id));
  return { ...current, nodes, edges, baseline: { fromMs: baseline.fromMs, toMs: baseline.toMs } };
}

/** A delta worth drawing: latency moved by 20% and at least 5 ms, or the error rate by a point. */
export function compareDelta(now: { errorRate: number; p95Ms: number | null }, base: NonNullable<Compare["baseline"]>) {
  const p95 = now.p95Ms !== null && base.p95Ms !== null ? now.p95Ms - base.p95Ms : null;
  const err = now.errorRate - base.errorRate;
  const p95Significant = p95 !== null && Math.abs(p95) >= 5 && Math.abs(p95) >= 0.2 * Math.max(base.p95Ms ?? 0, 1);
  const errSignificant = Math.abs(err) >= 0.01;
  const worse = (p95Significant && p95! > 0) || (errSignificant && err > 0);
  const better = !worse && ((p95Significant && p95! < 0) || (errSignificant && err < 0));
  return { p95DeltaMs: p95, errorRateDelta: err, p95Significant, errSignificant, trend: worse ? "worse" : better ? "better" : "same" } as const;
}
