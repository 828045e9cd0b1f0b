"use client";
// Drilldown of one edge: RED, client- vs server-side latency on one histogram, status classes
// and codes, calls and errors over time, exemplar traces, and the network beneath the call
// (the network edges between the two services' workloads, and the top flows with reasons).
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { EdgeDetail } from "@/lib/contracts/edge-detail";
import type { ViewState } from "@/components/dashboard/view-state";
import { edgeQuery } from "@/components/queries/read-queries";
import { formatBytes, formatMs, formatPercent, formatRate } from "@/components/service-graph/format";
import { LatencyHistogram } from "./latency-histogram";
import { endpointLabel, protocolName } from "./network-format";
import { PanelFrame } from "./panel-frame";
import { StatusCodes } from "./status-codes";
import { TimeSeriesChart } from "./time-series-chart";

interface Props {
  id: string;
  view: ViewState;
  onClose(): void;
  /** opens a network-layer edge (switches the graph to the network layer) */
  onOpenNetworkEdge(id: string): void;
}

export function EdgePanel({ id, view, onClose, onOpenNetworkEdge }: Props) {
  const q = useQuery({ ...edgeQuery(id, view), refetchInterval: false });
  const d = q.data;
  const title = d ? `${d.client} → ${d.server}` : "Edge";
  return (
    <PanelFrame title={title} label={`edge ${id}`} onClose={onClose} loading={q.isPending} error={q.error} onRetry={() => q.refetch()}>
      {d && (
        <>
          <dl className="stats" aria-label="edge totals">
            <div><dt>Type</dt><dd>{d.kind}</dd></div>
            <div><dt>Calls</dt><dd data-testid="edge-calls">{d.calls}</dd></div>
            <div><dt>Errors</dt><dd data-testid="edge-errors">{d.errors}</dd></div>
            <div><dt>Rate</dt><dd>{formatRate(d.ratePerSec)}/s</dd></div>
            <div><dt>Error rate</dt><dd>{formatPercent(d.errorRate)}</dd></div>
            <div><dt>Server p95</dt><dd>{formatMs(d.serverLatency.p95Ms)}</dd></div>
          </dl>
          <section>
            <h3>Latency, client vs server</h3>
            <LatencyHistogram client={d.clientHistogram.counts} server={d.serverHistogram.counts} clientLatency={d.clientLatency} serverLatency={d.serverLatency} />
          </section>
          <section>
            <h3>Status</h3>
            <StatusCodes classes={d.statusClasses} codes={d.statusCodes} />
          </section>
          <section>
            <h3>Calls and errors per minute</h3>
            <TimeSeriesChart label="calls and errors per minute" fromMs={d.fromMs} toMs={d.toMs} times={d.series.map((p) => p.minuteMs)}
              format={(v) => String(Math.round(v * 100) / 100)}
              series={[
                { name: "calls", color: "var(--accent)", values: d.series.map((p) => p.calls) },
                { name: "errors", color: "var(--bad)", values: d.series.map((p) => p.errors), dashed: true },
              ]} />
          </section>
          <section>
            <h3>Exemplar traces</h3>
            {d.exemplars.length === 0 ? (
              <p className="muted">None recorded.</p>
            ) : (
              <ul className="plain-list" aria-label="exemplar traces">
                {d.exemplars.map((t) => (
                  <li key={t}><Link href={`/traces/${t}`}><code>{t}</code></Link></li>
                ))}
              </ul>
            )}
          </section>
          <NetworkBeneath d={d} onOpenNetworkEdge={onOpenNetworkEdge} />
        </>
      )}
    </PanelFrame>
  );
}

function NetworkBeneath({ d, onOpenNetworkEdge }: { d: EdgeDetail; onOpenNetworkEdge(id: string): void }) {
  const n = d.network;
  return (
    <section>
      <h3>Network beneath</h3>
      {n.flows === 0 && n.edges.length === 0 ? (
        <p className="muted">No flows mapped to these two services in this window (the address map knows their addresses from span resources).</p>
      ) : (
        <>
          <dl className="stats" aria-label="network beneath totals">
            <div><dt>Flows</dt><dd data-testid="edge-network-flows">{n.flows}</dd></div>
            <div><dt>Bytes</dt><dd>{formatBytes(n.bytes)}</dd></div>
            <div><dt>Packets</dt><dd>{n.packets}</dd></div>
            <div><dt>Rejects</dt><dd data-testid="edge-network-rejects">{n.rejects}</dd></div>
            <div><dt>Retransmits</dt><dd data-testid="edge-network-retransmits">{n.retransmits}</dd></div>
          </dl>
          {n.edges.length > 0 && (
            <ul className="plain-list" aria-label="network edges beneath">
              {n.edges.map((e) => (
                <li key={e.id}>
                  <button type="button" className="link-button" onClick={() => onOpenNetworkEdge(e.id)}>{e.src} → {e.dst}</button>{" "}
                  <span className="muted small">{e.flows} flows · {formatBytes(e.bytes)} · {e.rejects} rejects · {e.retransmits} retransmits</span>
                </li>
              ))}
            </ul>
          )}
          {n.top.length > 0 && (
            <div className="table-scroll">
              <table className="data-table compact" aria-label="top flows beneath">
                <thead><tr><th scope="col">source → destination</th><th scope="col">verdict</th><th scope="col" className="num">flows</th><th scope="col" className="num">bytes</th><th scope="col" className="num">pkts</th></tr></thead>
                <tbody>
                  {n.top.map((f, i) => (
                    <tr key={`${f.srcAddr}-${f.dstAddr}-${f.dstPort}-${f.verdict}-${f.reason}-${i}`} data-verdict={f.verdict}>
                      <td><code>{f.srcAddr}</code> → <code>{endpointLabel(f.dstAddr, f.dstPort)}</code> <span className="muted small">{protocolName(f.protocol)}</span></td>
                      <td><span className={`verdict verdict-${f.verdict}`}>{f.verdict}</span>{f.reason && <div className="small">{f.reason}</div>}</td>
                      <td className="num">{f.flows}</td>
                      <td className="num">{formatBytes(f.bytes)}</td>
                      <td className="num">{f.packets}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
