import "server-only";
// One graph query, from parameters to DTO, for the route and the page's prefetch alike: the
// layer over the window, the baseline compare (before the filters, so vanished elements are
// filtered the same way), the picker values, then the server-side filters (namespace, focus).
import type { Graph, GraphQuery } from "@/lib/contracts/graph";
import type { Queryable } from "@/lib/db/database";
import { applicationGraph } from "./application-graph";
import { clusterIdOf } from "./cluster-scope";
import { combinedGraph } from "./combined-graph";
import { compareGraphs } from "@/lib/diagram/graph-compare";
import { distinctNamespaces, focusSubgraph, namespaceSubgraph } from "@/lib/diagram/graph-filters";
import { clusterNames } from "./namespaces";
import { networkGraph } from "./network-graph";
import { serviceGraph, type GraphScope } from "./service-graph";
import { baselineWindow, resolveWindow } from "./time-window";

const LAYERS = { application: applicationGraph, service: serviceGraph, network: networkGraph, combined: combinedGraph } as const;

export async function buildGraph(db: Queryable, query: GraphQuery, nowMs = Date.now()): Promise<Graph> {
  const window = resolveWindow(query, nowMs);
  const clusterId = await clusterIdOf(db, query.cluster);
  const scope: GraphScope = { ...window, clusterId };
  const layer = LAYERS[query.layer];
  let graph = await layer(db, scope);
  const base = baselineWindow(query, window);
  if (base) graph = compareGraphs(graph, await layer(db, { ...base, clusterId }));
  graph = { ...graph, clusters: await clusterNames(db), namespaces: distinctNamespaces(graph) };
  if (query.namespace) graph = namespaceSubgraph(graph, query.namespace);
  if (query.focus) graph = focusSubgraph(graph, query.focus, query.hops);
  return graph;
}
