// Small graph DTOs for the unit tests of the pure graph functions (filters, compare, grouping,
// element mapping): a node or an edge with sensible defaults, overridable field by field.
import type { Graph, GraphEdge, GraphNode } from "@/lib/contracts/graph";

const latency = (p95Ms: number | null = 20) => ({ p50Ms: p95Ms === null ? null : 5, p95Ms, p99Ms: p95Ms === null ? null : p95Ms * 1.5, meanMs: 6 });

export const testNode = (name: string, over: Partial<GraphNode> = {}): GraphNode => {
  const kind = over.kind ?? "service";
  const calls = over.calls ?? 60;
  const errors = over.errors ?? 0;
  return { id: `${kind}:${name}`, name, kind, calls, errors, ratePerSec: calls / 60, errorRate: calls ? errors / calls : 0, latency: latency(), ...over };
};

export const testEdge = (source: string, target: string, over: Partial<GraphEdge> = {}): GraphEdge => {
  const kind = over.kind ?? "http";
  const calls = over.calls ?? 60;
  const errors = over.errors ?? 0;
  return {
    id: `${source}->${target}:${kind}`, source, target, kind, calls, errors, ratePerSec: calls / 60, errorRate: calls ? errors / calls : 0,
    latency: latency(over.latency?.p95Ms ?? 20), ...over,
  };
};

export const testGraph = (nodes: GraphNode[], edges: GraphEdge[], over: Partial<Graph> = {}): Graph => ({ layer: "service", fromMs: 0, toMs: 60_000, nodes, edges, ...over });
