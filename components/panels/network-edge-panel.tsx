"use client";
// Drilldown of one network edge (workload → workload): exact traffic and loss from the network
// rollups, per minute and per port; then what the raw flows say (verdicts with reasons, top
// talkers, mapped services) and the flows themselves, page by page.
import { useQuery } from "@tanstack/react-query";
import type { ViewState } from "@/components/dashboard/view-state";
import { networkEdgeQuery } from "@/components/queries/read-queries";
import { formatBytes } from "@/components/service-graph/format";
import { FlowBreakdownView } from "./flow-breakdown";
import { FlowList } from "./flow-list";
import { NetworkCharts } from "./network-charts";
import { protocolName } from "./network-format";
import { PanelFrame } from "./panel-frame";
import { SortableTable } from "./sortable-table";

export function NetworkEdgePanel({ id, view, onClose }: { id: string; view: ViewState; onClose(): void }) {
  const q = useQuery({ ...networkEdgeQuery(id, view), refetchInterval: false });
  const d = q.data;
  return (
    <PanelFrame title={d ? `${d.src} → ${d.dst}` : "Network edge"} label={`network edge ${id}`} onClose={onClose} loading={q.isPending}
      error={q.error} onRetry={() => q.refetch()}>
      {d && (
        <>
          <dl className="stats" aria-label="network edge totals">
            <div><dt>Throughput</dt><dd>{formatBytes(d.totals.bytesPerSec)}/s</dd></div>
            <div><dt>Flows</dt><dd data-testid="network-flows">{d.totals.flows}</dd></div>
            <div><dt>Bytes</dt><dd data-testid="network-bytes">{formatBytes(d.totals.bytes)}</dd></div>
            <div><dt>Packets</dt><dd>{d.totals.packets}</dd></div>
            <div><dt>Rejects</dt><dd data-testid="network-rejects">{d.totals.rejects}</dd></div>
            <div><dt>Drops</dt><dd>{d.totals.drops}</dd></div>
            <div><dt>Retransmits</dt><dd data-testid="network-retransmits">{d.totals.retransmits}</dd></div>
            <div><dt>L7 errors</dt><dd>{d.totals.l7Errors}</dd></div>
          </dl>
          <NetworkCharts series={d.series} fromMs={d.fromMs} toMs={d.toMs} />
          <section>
            <h3>Ports</h3>
            {d.ports.length === 0 ? <p className="muted">No traffic in this window.</p> : (
              <SortableTable label="ports" rows={d.ports} rowKey={(p) => `${p.port}/${p.protocol}`} initialSort={{ key: "bytes", direction: "desc" }}
                columns={[
                  { key: "port", label: "port", value: (p) => p.port, render: (p) => `${p.port}/${protocolName(p.protocol)}`, numeric: true },
                  { key: "bytes", label: "bytes", value: (p) => p.bytes, render: (p) => formatBytes(p.bytes), numeric: true },
                  { key: "flows", label: "flows", value: (p) => p.flows, numeric: true },
                  { key: "rejects", label: "rejects", value: (p) => p.rejects, numeric: true },
                  { key: "retransmits", label: "retrans.", value: (p) => p.retransmits, numeric: true },
                ]} />
            )}
          </section>
          <FlowBreakdownView b={d.flows} />
          <FlowList filter={{ src: d.src, dst: d.dst }} view={view} title="Flows" />
        </>
      )}
    </PanelFrame>
  );
}
