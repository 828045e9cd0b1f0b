"use client";
// The dashboard: toolbar, graph canvas, drilldown panel and the edge table (the text form of the
// graph). Owns nothing itself: the view lives in the URL (useViewState), the data in the query
// cache (graphQuery polled at the chosen interval), the viewport in the canvas.
import { useQuery } from "@tanstack/react-query";
import { useCallback, useRef } from "react";
import { EdgeTable } from "@/components/overview/edge-table";
import { EdgePanel } from "@/components/panels/edge-panel";
import { NetworkPanel } from "@/components/panels/network-panel";
import { ServicePanel } from "@/components/panels/service-panel";
import { graphQuery } from "@/components/queries/read-queries";
import { GraphCanvas, type GraphCanvasHandle } from "@/components/service-graph/graph-canvas";
import { GettingStarted } from "./getting-started";
import { Toolbar } from "./toolbar";
import { useViewState } from "./use-view-state";
import { REFRESH_INTERVALS } from "./view-state";

export function Dashboard() {
  const [view, setView] = useViewState();
  const canvas = useRef<GraphCanvasHandle>(null);
  const graph = useQuery({ ...graphQuery(view), refetchInterval: REFRESH_INTERVALS[view.refresh] || false });
  const data = graph.data;

  const onSelect = useCallback(
    (id: string | null, group: "nodes" | "edges" | null) =>
      setView({ selected: id, panel: id === null ? null : group === "nodes" ? "service" : "edge" }),
    [setView],
  );
  const close = () => setView({ selected: null, panel: null });
  const selectedNode = data?.nodes.find((n) => n.id === view.selected);

  let panel = null;
  if (view.selected && view.panel && view.layer === "network")
    panel = <NetworkPanel id={view.selected} view={view} onClose={close} onSelectEdge={(id) => setView({ selected: id, panel: "edge" })} />;
  else if (view.selected && view.panel === "service")
    panel = (
      <ServicePanel
        name={selectedNode?.name ?? view.selected.slice(view.selected.indexOf(":") + 1)}
        view={view}
        onClose={close}
        onSelectEdge={(id) => setView({ selected: id, panel: "edge" })}
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
      />
      {graph.error && (
        <p role="alert" className="panel-error">
          Could not load the graph: {graph.error.message}
        </p>
      )}
      <div className="dashboard-main">
        <div className="graph-area">
          <GraphCanvas ref={canvas} graph={data} selectedId={view.selected} onSelect={onSelect} />
          {graph.isPending && <p role="status" className="graph-overlay">Loading graph…</p>}
          {data && data.nodes.length === 0 && <GettingStarted layer={data.layer} />}
        </div>
        {panel}
      </div>
      {data && data.edges.length > 0 && <EdgeTable graph={data} onSelect={onSelect} />}
    </div>
  );
}
