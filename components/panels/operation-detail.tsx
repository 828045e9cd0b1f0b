"use client";
// One operation of the service panel, opened from its operations table (?op=…&opKind=… in the
// URL, so the link reproduces it): totals, RED per minute with the service's deploy markers, its
// latest traces, and a link to the trace search narrowed to the service, the operation and the
// window. Focus moves to its heading when it opens; "All operations" goes back.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import "./operation-detail.css";
import type { ServiceDetail } from "@/lib/contracts/service-detail";
import type { ViewState } from "@/components/dashboard/view-state";
import { operationQuery } from "@/components/queries/read-queries";
import { formatMs, formatPercent, formatRate } from "@/components/service-graph/format";
import { LoadError } from "./panel-frame";
import { RecentTraces } from "./recent-traces";
import { ServiceCharts } from "./service-charts";

interface Props {
  service: string;
  operation: { name: string; spanKind: number };
  versions: ServiceDetail["versions"];
  view: ViewState;
  onBack(): void;
}

export function OperationDetail({ service, operation, versions, view, onBack }: Props) {
  const q = useQuery({ ...operationQuery(service, operation, view), refetchInterval: false });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [operation.name, operation.spanKind]);
  const d = q.data;
  return (
    <section className="operation-detail" aria-label={`operation ${operation.name}`}>
      <div className="section-header">
        <h3 ref={heading} tabIndex={-1}>Operation {operation.name}</h3>
        <button type="button" onClick={onBack}>All operations</button>
      </div>
      {q.isPending && <p role="status">Loading…</p>}
      {q.error && <LoadError what="this operation" error={q.error} onRetry={() => q.refetch()} />}
      {d && (
        <>
          <dl className="stats" aria-label="operation totals">
            <div><dt>Calls</dt><dd data-testid="operation-calls">{d.calls}</dd></div>
            <div><dt>Errors</dt><dd data-testid="operation-errors">{d.errors}</dd></div>
            <div><dt>Rate</dt><dd>{formatRate(d.ratePerSec)}/s</dd></div>
            <div><dt>Error rate</dt><dd>{formatPercent(d.errorRate)}</dd></div>
            <div><dt>p50</dt><dd>{formatMs(d.latency.p50Ms)}</dd></div>
            <div><dt>p95</dt><dd>{formatMs(d.latency.p95Ms)}</dd></div>
            <div><dt>p99</dt><dd>{formatMs(d.latency.p99Ms)}</dd></div>
          </dl>
          {d.series.length === 0 ? (
            <p className="muted">No calls in this window.</p>
          ) : (
            <ServiceCharts series={d.series} fromMs={d.fromMs} toMs={d.toMs} versions={versions} subject={operation.name} />
          )}
        </>
      )}
      <RecentTraces service={service} operation={operation.name} view={view} />
    </section>
  );
}
