"use client";
// Drilldown of one network node (a workload, or a bare address nobody claimed): traffic in and
// out, its peers (each opens its network edge), what the raw flows say, and the flows.
import { useQuery } from "@tanstack/react-query";
import type { NetworkPeer } from "@/lib/contracts/network-detail";
import type { ViewState } from "@/components/dashboard/view-state";
import { networkNodeQuery } from "@/components/queries/read-queries";
import { formatBytes } from "@/components/service-graph/format";
import { FlowBreakdownView } from "./flow-breakdown";
import { FlowList } from "./flow-list";
import { NetworkCharts } from "./network-charts";
import { PanelFrame } from "./panel-frame";
import { SortableTable } from "./sortable-table";

interface Props {
  id: string;
  view: ViewState;
  onClose(): void;
  onSelectEdge(id: string): void;
}

export function NetworkNodePanel({ id, view, onClose, onSelectEdge }: Props) {
  const q = useQuery({ ...networkNodeQuery(id, view), refetchInterval: false });
  const d = q.data;
  return (
    <PanelFrame title={d?.name ?? id.replace(/^workload:/, "")} label={`network node ${id}`} onClose={onClose} loading={q.isPending}
      error={q.error} onRetry={() => q.refetch()}>
      {d && (
        <>
          <dl className="stats" aria-label="network node totals">
            <div><dt>Inbound</dt><dd>{formatBytes(d.inbound.bytesPerSec)}/s</dd></div>
            <div><dt>Flows in</dt><dd data-testid="network-flows-in">{d.inbound.flows}</dd></div>
            <div><dt>Rejects in</dt><dd data-testid="network-rejects-in">{d.inbound.rejects}</dd></div>
            <div><dt>Outbound</dt><dd>{formatBytes(d.outbound.bytesPerSec)}/s</dd></div>
            <div><dt>Flows out</dt><dd data-testid="network-flows-out">{d.outbound.flows}</dd></div>
            <div><dt>Rejects out</dt><dd>{d.outbound.rejects}</dd></div>
            <div><dt>Drops</dt><dd>{d.inbound.drops + d.outbound.drops}</dd></div>
            <div><dt>Retransmits</dt><dd>{d.inbound.retransmits + d.outbound.retransmits}</dd></div>
          </dl>
          <NetworkCharts series={d.series} fromMs={d.fromMs} toMs={d.toMs} />
          <section>
            <h3>Peers</h3>
            {d.peers.length === 0 ? <p className="muted">No peers in this window.</p> : (
              <SortableTable<NetworkPeer> label="peers" rows={d.peers} rowKey={(p) => p.edgeId} initialSort={{ key: "bytes", direction: "desc" }}
                onActivate={(p) => onSelectEdge(p.edgeId)} rowLabel={(p) => `${p.direction === "in" ? "from" : "to"} ${p.workload}: open the network edge`}
                columns={[
                  { key: "workload", label: "peer", value: (p) => p.workload, render: (p) => `${p.direction === "in" ? "← " : "→ "}${p.workload}` },
                  { key: "bytes", label: "bytes", value: (p) => p.bytes, render: (p) => formatBytes(p.bytes), numeric: true },
                  { key: "flows", label: "flows", value: (p) => p.flows, numeric: true },
                  { key: "rejects", label: "rejects", value: (p) => p.rejects, numeric: true },
                  { key: "retransmits", label: "retrans.", value: (p) => p.retransmits, numeric: true },
                ]} />
            )}
          </section>
          <FlowBreakdownView b={d.flows} />
          <FlowList filter={{ workload: d.name }} view={view} title="Flows" />
        </>
      )}
    </PanelFrame>
  );
}
