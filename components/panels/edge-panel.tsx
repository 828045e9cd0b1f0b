"use client";
// Drilldown of one edge: RED, client vs server latency, status classes, exemplar traces and the
// network flows beneath the call.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ViewState } from "@/components/dashboard/view-state";
import { edgeQuery } from "@/components/queries/read-queries";
import { formatBytes, formatMs, formatPercent, formatRate } from "@/components/service-graph/format";
import { LatencyHistogram } from "./latency-histogram";
import { PanelFrame } from "./panel-frame";

interface Props {
  id: string;
  view: ViewState;
  onClose(): void;
}

export function EdgePanel({ id, view, onClose }: Props) {
  const q = useQuery({ ...edgeQuery(id, view), refetchInterval: false });
  const d = q.data;
  const title = d ? `${d.client} → ${d.server}` : "Edge";
  return (
    <PanelFrame title={title} label={`edge ${id}`} onClose={onClose} loading={q.isPending} error={q.error}>
      {d && (
        <>
          <dl className="stats" aria-label="edge totals">
            <div><dt>Type</dt><dd>{d.kind}</dd></div>
            <div><dt>Calls</dt><dd data-testid="edge-calls">{d.calls}</dd></div>
            <div><dt>Errors</dt><dd data-testid="edge-errors">{d.errors}</dd></div>
            <div><dt>Rate</dt><dd>{formatRate(d.ratePerSec)}/s</dd></div>
            <div><dt>Error rate</dt><dd>{formatPercent(d.errorRate)}</dd></div>
            <div><dt>Client p95</dt><dd>{formatMs(d.clientLatency.p95Ms)}</dd></div>
            <div><dt>Server p95</dt><dd>{formatMs(d.serverLatency.p95Ms)}</dd></div>
          </dl>
          <section>
            <h3>Latency</h3>
            <LatencyHistogram client={d.clientHistogram.counts} server={d.serverHistogram.counts} />
          </section>
          <section>
            <h3>Status classes</h3>
            {Object.keys(d.statusClasses).length === 0 ? (
              <p className="muted">No spans to classify in this window.</p>
            ) : (
              <ul className="plain-list" aria-label="status classes">
                {Object.entries(d.statusClasses).map(([cls, n]) => (
                  <li key={cls}>
                    {cls}: {n}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section>
            <h3>Exemplar traces</h3>
            {d.exemplars.length === 0 ? (
              <p className="muted">None recorded.</p>
            ) : (
              <ul className="plain-list">
                {d.exemplars.map((t) => (
                  <li key={t}>
                    <Link href={`/traces/${t}`}>{t}</Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section>
            <h3>Network beneath</h3>
            {d.network.flows === 0 ? (
              <p className="muted">No flows mapped to these two services.</p>
            ) : (
              <p>
                {d.network.flows} flows, {formatBytes(d.network.bytes)}, {d.network.rejects} rejected
              </p>
            )}
          </section>
        </>
      )}
    </PanelFrame>
  );
}
