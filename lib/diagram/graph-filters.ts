// Graph filters (pure, client-safe), shared by the API and the browser.
// On the server (they shrink the payload, and the size budget needs the small graph, not a
// hidden big one): namespace and focus-with-hops. In the browser (instant, no refetch while
// typing, and the server graph stays cached): search, only errors, hidden nodes.
// Compound structure is respected: an operation stays with its service node and the other way
// round, so the application layer never loses a parent or strands a child.
import type { Graph, GraphNode } from "@/lib/contracts/graph";

/** Keeps the given node ids (closed over parent/child) and the edges between kept nodes. */
export function subgraph(graph: Graph, keep: ReadonlySet<string>): Graph {
  const kept = new Set(keep);
  for (const n of graph.nodes) {
    if (n.parent && kept.has(n.id)) kept.add(n.parent);
    if (n.parent && kept.has(n.parent)) kept.add(n.id);
  }
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => kept.has(n.id)),
    edges: graph.edges.filter((e) => kept.has(e.source) && kept.has(e.target)),
  };
}

/**
 * Nodes in the namespace, plus the virtual nodes (databases, external APIs, users: no namespace)
 * they talk to; services of other namespaces are cut, the picker is for narrowing.
 */
export function namespaceSubgraph(graph: Graph, namespace: string): Graph {
  const inside = new Set(graph.nodes.filter((n) => n.namespace === namespace).map((n) => n.id));
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const keep = new Set(inside);
  const isVirtual = (n: GraphNode | undefined) => !!n && n.kind !== "service" && n.kind !== "workload" && n.kind !== "operation";
  for (const e of graph.edges) {
    if (inside.has(e.source) && isVirtual(byId.get(e.target))) keep.add(e.target);
    if (inside.has(e.target) && isVirtual(byId.get(e.source))) keep.add(e.source);
  }
  return subgraph(graph, keep);
}

/** The focus node and everything within `hops` edges of it, in either direction. */
export function focusSubgraph(graph: Graph, focus: string, hops: number): Graph {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const start = byId.get(focus);
  if (!start) return { ...graph, nodes: [], edges: [], focusMissing: true };
  // Edges of the application layer join services: walk from the operation's service.
  const origin = start.parent ?? start.id;
  const adjacent = new Map<string, string[]>();
  for (const e of graph.edges) {
    adjacent.set(e.source, [...(adjacent.get(e.source) ?? []), e.target]);
    adjacent.set(e.target, [...(adjacent.get(e.target) ?? []), e.source]);
  }
  const seen = new Set([origin]);
  let frontier = [origin];
  for (let i = 0; i < hops && frontier.length > 0; i++) {
    const next: string[] = [];
    for (const id of frontier) for (const m of adjacent.get(id) ?? []) {
        if (seen.has(m)) continue;
        seen.add(m);
        next.push(m);
      }
    frontier = next;
  }
  return subgraph(graph, seen);
}

export interface ClientFilters {
  /** show only elements with errors (and the nodes they touch) */
  errorsOnly: boolean;
  /** node ids the user hid (probes, scrapers …) */
  hidden: readonly string[];
}

export function applyClientFilters(graph: Graph, f: ClientFilters): Graph {
  let g = graph;
  if (f.hidden.length > 0) {
    const hidden = new Set(f.hidden);
    // Hiding a service also hides its operations; subgraph would re-add them, so filter here.
    g = {
      ...g,
      nodes: g.nodes.filter((n) => !hidden.has(n.id) && !(n.parent && hidden.has(n.parent))),
      edges: g.edges.filter((e) => !hidden.has(e.source) && !hidden.has(e.target)),
    };
  }
  if (f.errorsOnly) {
    const keep = new Set<string>();
    const edges = g.edges.filter((e) => e.errors > 0 || (e.network?.rejects ?? 0) > 0);
    for (const e of edges) {
      keep.add(e.source);
      keep.add(e.target);
    }
    for (const n of g.nodes) if (n.errors > 0 && n.kind !== "operation") keep.add(n.id);
    const erroringOps = new Set(g.nodes.filter((n) => n.kind === "operation" && n.errors > 0).map((n) => n.id));
    for (const n of g.nodes) if (erroringOps.has(n.id) && n.parent) keep.add(n.parent);
    // Keep only the operations that fail, under their services.
    g = { ...g, nodes: g.nodes.filter((n) => (n.kind === "operation" ? erroringOps.has(n.id) : keep.has(n.id))), edges };
  }
  return g;
}

/** Ids of nodes whose name (or service) contains the search text, case-insensitively. */
export function searchMatches(graph: Graph, text: string): Set<string> {
  const q = text.trim().toLowerCase();
  if (!q) return new Set();
  return new Set(graph.nodes.filter((n) => n.name.toLowerCase().includes(q) || (n.service ?? "").toLowerCase().includes(q)).map((n) => n.id));
}

export const distinctNamespaces = (graph: Graph): string[] =>
  [...new Set(graph.nodes.flatMap((n) => (n.namespace ? [n.namespace] : [])))].sort();

/**
 * Synthetic traffic that clutters a dependency view: health probes, scrapers, synthetic checks.
 * A name heuristic, offered as a one-click suggestion, never applied on its own.
 */
const PROBE_LIKE = /(probe|scrape|scraper|prometheus|healthcheck|health-check|synthetic|blackbox|uptime)/i;

export const probeLikeNodes = (graph: Graph): string[] =>
  graph.nodes.filter((n) => n.kind !== "operation" && PROBE_LIKE.test(n.name)).map((n) => n.id);
