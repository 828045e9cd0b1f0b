// The one adapter from the neutral graph DTO to cytoscape element definitions (STYLE.md 14).
// Data carries everything the stylesheet maps (colour, width, label, health), computed here by
// the pure style functions, so the canvas never decides a style itself.
import type { Graph } from "@/lib/contracts/graph";
import { edgeLabel, edgeWidth, healthOf, HEALTH_COLOURS, HEALTH_MARKS, isAsyncKind } from "./graph-style";
import { formatPercent, formatRate } from "./format";

export interface NodeData {
  id: string;
  name: string;
  kind: string;
  label: string;
  health: string;
  colour: string;
  [key: string]: unknown;
}

export interface EdgeData {
  id: string;
  source: string;
  target: string;
  kind: string;
  label: string;
  health: string;
  colour: string;
  width: number;
  async: boolean;
  [key: string]: unknown;
}

export interface ElementDef<D = NodeData | EdgeData> {
  group: "nodes" | "edges";
  data: D;
}

export function toElements(graph: Graph): ElementDef[] {
  const nodes: ElementDef[] = graph.nodes.map((n) => {
    const health = n.kind === "service" || n.kind === "workload" ? healthOf({ calls: n.calls, errorRate: n.errorRate, p95Ms: n.latency.p95Ms }) : "idle";
    const stats = n.calls > 0 ? `\n${formatRate(n.ratePerSec)}/s · ${formatPercent(n.errorRate)}` : "";
    return {
      group: "nodes",
      data: { id: n.id, name: n.name, kind: n.kind, label: `${HEALTH_MARKS[health]}${n.name}${stats}`, health, colour: HEALTH_COLOURS[health] },
    };
  });
  const edges: ElementDef[] = graph.edges.map((e) => {
    const health = healthOf({ calls: e.calls, errorRate: e.errorRate, p95Ms: e.latency.p95Ms });
    return {
      group: "edges",
      data: {
        id: e.id,
        source: e.source,
        target: e.target,
        kind: e.kind,
        label: edgeLabel({ ratePerSec: e.ratePerSec, errorRate: e.errorRate, p95Ms: e.latency.p95Ms, bytesPerSec: e.network?.bytesPerSec }, health),
        health,
        colour: HEALTH_COLOURS[health],
        width: edgeWidth(e.ratePerSec),
        async: isAsyncKind(e.kind),
      },
    };
  });
  return [...nodes, ...edges];
}
