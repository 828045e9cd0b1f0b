"use client";
// The dashboard: toolbar, filters, graph canvas, drilldown panel and the edge table (the text
// form of the graph). Owns nothing itself: the view lives in the URL (useViewState), the data in
// the query cache (graphQuery polled at the chosen interval), the viewport in the canvas.
// The server graph goes through the browser-side filters (hidden, only errors), then grouping,
// then the size budget, then the canvas; search and focus are classes on the drawn elements.
import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useRef } from "react";
import { EdgeTable } from "@/components/overview/edge-table";
import { EdgePanel } from "@/components/panels/edge-panel";
import { NetworkPanel } from "@/components/panels/network-panel";
import { ServicePanel } from "@/components/panels/service-panel";
import { graphQuery } from "@/components/queries/read-queries";
import { GraphCanvas, type GraphCanvasHandle } from "@/components/service-graph/graph-canvas";
import { GraphLegend } from "@/components/service-graph/graph-legend";
import { drawnNodeCount, groupGraph, groupIds, type ViewGraph } from "@/components/service-graph/grouping";
import { NODE_BUDGET, SizeBudget } from "@/components/service-graph/size-budget";
import { applyClientFilters, searchMatches } from "@/lib/diagram/graph-filters";
import { ComparePicker } from "./compare-picker";
import { FilterBar } from "./filter-bar";
import { GettingStarted } from "./getting-started";
import "./graph-controls.css";
import { Toolbar } from "./toolbar";
import { useViewState } from "./use-view-state";
import { REFRESH_INTERVALS } from "./view-state";

export function Dashboard() {
  const [view, setView] = useViewState();
  const canvas = useRef<GraphCanvasHandle>(null);
  const graph = useQuery({ ...graphQuery(view), refetchInterval: REFRESH_INTERVALS[view.refresh] || false });
  const data = graph.data;

  const filtered = useMemo(() => data && applyClientFilters(data, { errorsOnly: view.errorsOnly, hidden: view.hidden }), [data, view.errorsOnly, view.hidden]);
  const grouped = useMemo(() => filtered && groupGraph(filtered, view.grouping, new Set(view.collapsed)), [filtered, view.grouping, view.collapsed]);
  const matches = useMemo(() => (filtered && view.search.trim() ? searchMatches(filtered, view.search) : null), [filtered, view.search]);
  const groups = useMemo(() => (filtered ? groupIds(filtered, view.grouping) : []), [filtered, view.grouping]);
  const drawn = grouped ? drawnNodeCount(grouped) : 0;
  const overBudget = drawn > NODE_BUDGET;
  const empty: ViewGraph | undefined = useMemo(() => (data ? { layer: data.layer, nodes: [], edges: [] } : undefined), [data]);
  const structureKey = JSON.stringify([view.layer, view.grouping, view.collapsed, view.hidden, view.errorsOnly, view.cluster, view.namespace, view.focus, view.hops]);
  const busiest = useMemo(() => {
    const n = filtered?.nodes.filter((x) => !x.parent).sort((a, b) => b.calls - a.calls)[0];
    return n ? { id: n.id, name: n.name } : null;
  }, [filtered]);

  const onSelect = useCallback(
    (id: string | null, group: "nodes" | "edges" | null) =>
      setView({ selected: id, panel: id === null ? null : group === "nodes" ? "service" : "edge", operation: null }),
    [setView],
  );
  const onToggleGroup = useCallback(
    (id: string) => setView({ collapsed: view.collapsed.includes(id) ? view.collapsed.filter((c) => c !== id) : [...view.collapsed, id] }),
    [setView, view.collapsed],
  );
  const close = () => setView({ selected: null, panel: null, operation: null });
  const selectedNode = data?.nodes.find((n) => n.id === view.selected);

  // A combined-layer "flow" edge (traffic no span explains) opens the edge panel: its "network
  // beneath" section lists those flows.
  let panel = null;
  if (view.selected && view.panel && view.layer === "network")
    panel = <NetworkPanel id={view.selected} view={view} onClose={close} onSelectEdge={(id) => setView({ selected: id, panel: "edge" })} />;
  else if (view.selected && view.panel === "service")
    panel = (
      <ServicePanel
        // An operation (application layer) opens its service.
        name={selectedNode?.service ?? selectedNode?.name ?? view.selected.slice(view.selected.indexOf(":") + 1)}
        view={view}
        onClose={close}
        onSelectEdge={(id) => setView({ selected: id, panel: "edge", operation: null })}
        onSelectOperation={(operation) => setView({ operation })}
      />
    );
  else if (view.selected && view.panel === "edge")
    panel = (
      <EdgePanel id={view.selected} view={view} onClose={close} onOpenNetworkEdge={(id) => setView({ layer: "network", selected: id, panel: "edge" })} />
    );

  return (
    <div className="dashboard">
      <Toolbar
        key={`${view.from}-${view.to}`}
        view={view}
        onChange={setView}
        onFit={() => canvas.current?.fit()}
        onRelayout={() => canvas.current?.relayout()}
        fetching={graph.isFetching}
        updatedAt={graph.dataUpdatedAt}
      >
        <ComparePicker key={`${view.baselineFrom}-${view.baselineTo}`} view={view} onChange={setView} />
      </Toolbar>
      <FilterBar view={view} graph={data} groups={groups} onChange={setView} onToggleGroup={onToggleGroup} />
      {graph.error && (
        <p role="alert" className="panel-error">
          Could not load the graph: {graph.error.message}
        </p>
      )}
      <div className="dashboard-main">
        <div className="graph-area">
          <GraphCanvas
            ref={canvas}
            graph={overBudget ? empty : grouped}
            structureKey={structureKey}
            selectedId={view.selected}
            matches={matches}
            focusId={view.focus}
            onSelect={onSelect}
            onToggleGroup={onToggleGroup}
          />
          {graph.isPending && <p role="status" className="graph-overlay">Loading graph…</p>}
          {overBudget && (
            <SizeBudget
              nodes={drawn}
              busiest={busiest}
              errorsOnly={view.errorsOnly}
              onGroup={(by) => filtered && setView({ grouping: by, collapsed: groupIds(filtered, by) })}
              onFocus={(id) => setView({ focus: id, hops: 1 })}
              onErrorsOnly={() => setView({ errorsOnly: true })}
            />
          )}
          {data?.focusMissing && (
            <p role="status" className="graph-overlay">
              The focus node is not in this window.{" "}
              <button type="button" onClick={() => setView({ focus: null })}>Clear focus</button>
            </p>
          )}
          {data && !data.focusMissing && data.nodes.length === 0 && !view.namespace && <GettingStarted layer={data.layer} />}
          {data && filtered && !data.focusMissing && filtered.nodes.length === 0 && (data.nodes.length > 0 || view.namespace) && (
            <p role="status" className="graph-overlay">
              Nothing in this window matches the filters{view.errorsOnly ? " (only errors)" : ""}{view.namespace ? ` (namespace ${view.namespace})` : ""}.
            </p>
          )}
          {matches && <p className="graph-search-count" role="status">{matches.size} match{matches.size === 1 ? "" : "es"}</p>}
        </div>
        {panel}
      </div>
      <GraphLegend comparing={!!data?.baseline} />
      {filtered && filtered.edges.length > 0 && <EdgeTable graph={filtered} onSelect={onSelect} />}
    </div>
  );
}
