// The network layer's panel: its numbers come with the graph (workload rollups carry no
// per-minute drilldown yet), so it renders the selected element of the graph DTO directly.
import type { Graph } from "@/lib/contracts/graph";
import { formatBytes, formatPercent, formatRate } from "@/components/service-graph/format";
import { PanelFrame } from "./panel-frame";

export function NetworkPanel({ graph, id, onClose }: { graph: Graph; id: string; onClose(): void }) {
  const edge = graph.edges.find((e) => e.id === id);
  const node = graph.nodes.find((n) => n.id === id);
  const name = (nid: string) => graph.nodes.find((n) => n.id === nid)?.name ?? nid;
  const title = edge ? `${name(edge.source)} → ${name(edge.target)}` : (node?.name ?? id);
  return (
    <PanelFrame title={title} label={`network ${id}`} onClose={onClose} loading={false} error={edge || node ? null : new Error("not in this window")}>
      {edge?.network && (
        <dl className="stats">
          <div><dt>Throughput</dt><dd>{formatBytes(edge.network.bytesPerSec)}/s</dd></div>
          <div><dt>Flows</dt><dd data-testid="network-flows">{edge.network.flows}</dd></div>
          <div><dt>Rejects</dt><dd>{edge.network.rejects}</dd></div>
          <div><dt>Drops</dt><dd>{edge.network.drops}</dd></div>
          <div><dt>Retransmits</dt><dd>{edge.network.retransmits}</dd></div>
        </dl>
      )}
      {node && (
        <dl className="stats">
          <div><dt>Inbound flows</dt><dd>{node.calls}</dd></div>
          <div><dt>Rate</dt><dd>{formatRate(node.ratePerSec)}/s</dd></div>
          <div><dt>Rejected or dropped</dt><dd>{formatPercent(node.errorRate)}</dd></div>
        </dl>
      )}
    </PanelFrame>
  );
}
