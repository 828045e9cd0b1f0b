// The one adapter from the (grouped) graph DTO to cytoscape element definitions (STYLE.md 14).
// Data carries everything the stylesheet maps (health, width, label, compare status, trend),
// computed here by pure functions, so the canvas never decides a style itself. Optional fields
// are only set when present: the diff compares data key by key.
import type { Graph } from "@/lib/contracts/graph";
import { compareDelta } from "@/lib/diagram/graph-compare";
import { formatMs, formatPercent, formatRate } from "./format";
import { edgeLabel, healthOf, HEALTH_MARKS, isAsyncKind, networkLine, settledEdgeWidth } from "./graph-style";
import type { ViewEdge, ViewGraph, ViewNode } from "./grouping";

export interface NodeData {
  id: string;
  name: string;
  kind: string;
  label: string;
  health: string;
  parent?: string;
  [key: string]: unknown;
}

export interface EdgeData {
  id: string;
  source: string;
  target: string;
  kind: string;
  label: string;
  health: string;
  width: number;
  async: boolean;
  [key: string]: unknown;
}

export interface ElementDef<D = NodeData | EdgeData> {
  group: "nodes" | "edges";
  data: D;
}

const signed = (v: number, text: string) => `${v > 0 ? "+" : v < 0 ? "−" : "±"}${text}`;

/** The compare line of an edge or node label; empty when nothing is worth saying. */
export function compareLine(x: Pick<ViewEdge, "compare" | "errorRate" | "latency">): { text: string; trend: string | null } {
  const c = x.compare;
  if (!c) return { text: "", trend: null };
  if (c.status === "new") return { text: "★ new", trend: null };
  if (c.status === "vanished") return { text: c.baseline ? `✕ gone (was ${formatRate(c.baseline.ratePerSec)}/s)` : "✕ gone", trend: null };
  if (!c.baseline) return { text: "", trend: null };
  const d = compareDelta({ errorRate: x.errorRate, p95Ms: x.latency.p95Ms }, c.baseline);
  const parts: string[] = [];
  if (d.p95Significant) parts.push(`p95 ${signed(d.p95DeltaMs!, formatMs(Math.abs(d.p95DeltaMs!)))}`);
  if (d.errSignificant) parts.push(`err ${signed(d.errorRateDelta, formatPercent(Math.abs(d.errorRateDelta)))}`);
  if (parts.length === 0) return { text: "", trend: null };
  return { text: `${d.trend === "worse" ? "▲" : "▼"} Δ ${parts.join(" · ")}`, trend: d.trend };
}

function nodeElement(n: ViewNode): ElementDef<NodeData> {
  const measured = n.kind === "service" || n.kind === "workload" || n.kind === "operation" || n.kind === "group";
  const health = measured ? healthOf({ calls: n.calls, errorRate: n.errorRate, p95Ms: n.latency.p95Ms }) : "idle";
  const stats = n.calls > 0 ? `${formatRate(n.ratePerSec)}/s · ${formatPercent(n.errorRate)}` : "";
  // Nodes carry their compare status as a leading mark (a third label line would crowd them).
  const mark = n.compare?.status === "new" ? "★ " : n.compare?.status === "vanished" ? "✕ " : "";
  let label: string;
  if (n.kind === "group" && !n.collapsed) label = `${n.groupBy} ${n.name}`;
  else if (n.kind === "group") label = `${HEALTH_MARKS[health]}▸ ${n.name} · ${n.members} nodes${stats ? `\n${stats}` : ""}`;
  else if (n.kind === "operation") label = `${HEALTH_MARKS[health]}${n.name}${stats ? ` · ${stats}` : ""}`;
  else label = `${HEALTH_MARKS[health]}${mark}${n.name}${stats ? `\n${stats}` : ""}`;
  const data: NodeData = { id: n.id, name: n.name, kind: n.kind, label, health };
  if (n.parent) data.parent = n.parent;
  if (n.compare) data.compare = n.compare.status;
  if (n.kind === "group") {
    data.groupBy = n.groupBy;
    data.collapsed = !!n.collapsed;
  }
  return { group: "nodes", data };
}

function edgeElement(e: ViewEdge, drawnWidth?: (id: string) => number | undefined): ElementDef<EdgeData> {
  const health = healthOf({ calls: e.calls, errorRate: e.errorRate, p95Ms: e.latency.p95Ms });
  // Network-layer edges describe flows; service edges in the combined layer carry both.
  const flowOnly = e.kind === "flow";
  const lines = [edgeLabel({ ratePerSec: e.ratePerSec, errorRate: e.errorRate, p95Ms: e.latency.p95Ms, bytesPerSec: flowOnly ? e.network?.bytesPerSec ?? 0 : undefined }, health)];
  if (e.merged && e.merged > 1) lines[0] = `Σ ${e.merged} edges · ${lines[0]}${flowOnly ? "" : " (worst)"}`;
  if (e.network && !flowOnly) lines.push(networkLine(e.network));
  else if (e.network && e.network.rejects > 0) lines.push(`⊘ ${e.network.rejects} rejected`);
  const compare = compareLine(e);
  if (compare.text) lines.push(compare.text);
  const data: EdgeData = {
    id: e.id,
    source: e.source,
    target: e.target,
    kind: e.kind,
    label: lines.join("\n"),
    health,
    width: settledEdgeWidth(e.ratePerSec, drawnWidth?.(e.id)),
    async: isAsyncKind(e.kind),
  };
  if ((e.network?.rejects ?? 0) > 0) data.rejects = true;
  if (e.compare) data.compare = e.compare.status;
  if (compare.trend) data.trend = compare.trend;
  return { group: "edges", data };
}

/**
 * Nodes first (compound parents before their children), then edges. drawnWidth(id): the width
 * an edge has on the canvas now, if it is there; it keeps it while the rate moved less than a
 * step (settledEdgeWidth).
 */
export function toElements(graph: ViewGraph | Graph, drawnWidth?: (id: string) => number | undefined): ElementDef[] {
  const nodes = graph.nodes.map((n) => nodeElement(n as ViewNode));
  const depth = (d: NodeData) => (d.kind === "group" ? 0 : d.kind === "operation" ? 2 : 1);
  nodes.sort((a, b) => depth(a.data) - depth(b.data));
  return [...nodes, ...graph.edges.map((e) => edgeElement(e, drawnWidth))];
}
