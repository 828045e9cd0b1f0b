"use client";
// Drilldown of one service: RED summary and charts with deploy markers, operations with their
// RED (sortable; a row opens that operation's detail, operation-detail.tsx), callers and callees
// (each opens its edge), instances and versions, and recent errors with exception type and
// message, each linking to its trace.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ServiceDetail } from "@/lib/contracts/service-detail";
import type { ViewState } from "@/components/dashboard/view-state";
import { serviceQuery } from "@/components/queries/read-queries";
import { formatMs, formatPercent, formatRate } from "@/components/service-graph/format";
import { NeighbourTable } from "./neighbour-table";
import { OperationDetail } from "./operation-detail";
import { PanelFrame } from "./panel-frame";
import { RecentTraces } from "./recent-traces";
import { ServiceCharts } from "./service-charts";
import { SortableTable } from "./sortable-table";

interface Props {
  name: string;
  view: ViewState;
  onClose(): void;
  onSelectEdge(id: string): void;
  /** drill into one operation (null: back to the whole service) */
  onSelectOperation(op: { name: string; spanKind: number } | null): void;
}

type Operation = ServiceDetail["operations"][number];
const SPAN_KINDS = ["unspecified", "internal", "server", "client", "producer", "consumer"];

export function ServicePanel({ name, view, onClose, onSelectEdge, onSelectOperation }: Props) {
  const q = useQuery({ ...serviceQuery(name, view), refetchInterval: false });
  const d = q.data;
  return (
    <PanelFrame title={name} label={`service ${name}`} onClose={onClose} loading={q.isPending} error={q.error} onRetry={() => q.refetch()}>
      {d && (
        <>
          <dl className="stats" aria-label="service totals">
            <div><dt>Calls</dt><dd data-testid="service-calls">{d.calls}</dd></div>
            <div><dt>Errors</dt><dd data-testid="service-errors">{d.errors}</dd></div>
            <div><dt>Rate</dt><dd>{formatRate(d.ratePerSec)}/s</dd></div>
            <div><dt>Error rate</dt><dd data-testid="service-error-rate">{formatPercent(d.errorRate)}</dd></div>
            <div><dt>p50</dt><dd>{formatMs(d.latency.p50Ms)}</dd></div>
            <div><dt>p95</dt><dd>{formatMs(d.latency.p95Ms)}</dd></div>
            <div><dt>p99</dt><dd>{formatMs(d.latency.p99Ms)}</dd></div>
          </dl>
          <ServiceCharts series={d.series} fromMs={d.fromMs} toMs={d.toMs} versions={d.versions} />
          {view.operation && (
            <OperationDetail service={name} operation={view.operation} versions={d.versions} view={view} onBack={() => onSelectOperation(null)} />
          )}
          <section>
            <h3>Operations</h3>
            {d.operations.length === 0 ? (
              <p className="muted">No operations in this window.</p>
            ) : (
              <SortableTable<Operation>
                label="operations"
                rows={d.operations}
                rowKey={(o) => `${o.name}\u0001${o.spanKind}`}
                initialSort={{ key: "calls", direction: "desc" }}
                onActivate={(o) => onSelectOperation({ name: o.name, spanKind: o.spanKind })}
                isCurrent={(o) => view.operation?.name === o.name && view.operation.spanKind === o.spanKind}
                rowLabel={(o) => `operation ${o.name} (${SPAN_KINDS[o.spanKind] ?? o.spanKind}): ${o.calls} calls`}
                columns={[
                  { key: "name", label: "operation", value: (o) => o.name, render: (o) => <>{o.name} <span className="muted small">{SPAN_KINDS[o.spanKind] ?? ""}</span></> },
                  { key: "calls", label: "calls", value: (o) => o.calls, numeric: true },
                  { key: "errors", label: "err %", value: (o) => o.errorRate, render: (o) => formatPercent(o.errorRate), numeric: true },
                  { key: "p50", label: "p50", value: (o) => o.latency.p50Ms, render: (o) => formatMs(o.latency.p50Ms), numeric: true },
                  { key: "p95", label: "p95", value: (o) => o.latency.p95Ms, render: (o) => formatMs(o.latency.p95Ms), numeric: true },
                  { key: "p99", label: "p99", value: (o) => o.latency.p99Ms, render: (o) => formatMs(o.latency.p99Ms), numeric: true },
                ]}
              />
            )}
          </section>
          <NeighbourTable title="Callers" self={name} items={d.callers} onSelectEdge={onSelectEdge} />
          <NeighbourTable title="Callees" self={name} items={d.callees} onSelectEdge={onSelectEdge} />
          <Instances d={d} />
          <RecentErrors d={d} />
          <RecentTraces service={name} view={view} />
        </>
      )}
    </PanelFrame>
  );
}

function Instances({ d }: { d: ServiceDetail }) {
  return (
    <section>
      <h3>Instances and versions</h3>
      {d.instances.length === 0 ? (
        <p className="muted">No stored spans name an instance in this window.</p>
      ) : (
        <table className="data-table compact" aria-label="instances">
          <thead><tr><th scope="col">instance</th><th scope="col">version</th><th scope="col" className="num">spans</th><th scope="col" className="num">errors</th><th scope="col">last seen</th></tr></thead>
          <tbody>
            {d.instances.map((i) => (
              <tr key={`${i.instance}-${i.version}-${i.host}`}>
                <td>{i.instance ?? i.host ?? <span className="muted">unnamed</span>}</td>
                <td>{i.version ?? "–"}</td>
                <td className="num">{i.spans}</td>
                <td className="num">{i.errors}</td>
                <td>{new Date(i.lastMs).toLocaleTimeString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.versions.length === 0 ? (
        <p className="muted">No version reported.</p>
      ) : (
        <ul className="plain-list" aria-label="versions">
          {d.versions.map((v) => (
            <li key={`${v.kind}${v.version}`}>
              <span aria-hidden="true" className="deploy-mark">▼</span> {v.version} <span className="muted">first seen {new Date(v.atMs).toLocaleString()}{v.instance ? ` on ${v.instance}` : ""}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RecentErrors({ d }: { d: ServiceDetail }) {
  return (
    <section>
      <h3>Recent errors</h3>
      {d.recentErrors.length === 0 ? (
        <p className="muted">No errors in this window.</p>
      ) : (
        <ul className="error-list" aria-label="recent errors">
          {d.recentErrors.map((e) => (
            <li key={`${e.traceId}-${e.spanId}`}>
              <div>
                <Link href={`/traces/${e.traceId}`}>{e.operation}</Link>{" "}
                <span className="muted small">{new Date(e.atMs).toLocaleTimeString()} · {formatMs(e.durationMs)}{e.httpStatusCode !== null ? ` · HTTP ${e.httpStatusCode}` : ""}</span>
              </div>
              <div className="error-text">
                <strong>{e.exceptionType ?? (e.httpStatusCode !== null ? `HTTP ${e.httpStatusCode}` : "error")}</strong>
                {(e.exceptionMessage ?? e.statusMessage) && <>: {e.exceptionMessage ?? e.statusMessage}</>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
