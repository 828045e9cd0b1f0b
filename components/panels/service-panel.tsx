"use client";
// Drilldown of one service: RED summary and sparkline, operations, callers and callees (each
// selects its edge), versions and recent errors linking to their traces.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { Neighbour } from "@/lib/contracts/service-detail";
import type { ViewState } from "@/components/dashboard/view-state";
import { serviceQuery } from "@/components/queries/read-queries";
import { formatMs, formatPercent, formatRate } from "@/components/service-graph/format";
import { PanelFrame } from "./panel-frame";
import { RecentTraces } from "./recent-traces";
import { Sparkline } from "./sparkline";

interface Props {
  name: string;
  view: ViewState;
  onClose(): void;
  onSelectEdge(id: string): void;
}

function Neighbours({ title, items, onSelectEdge }: { title: string; items: Neighbour[]; onSelectEdge(id: string): void }) {
  return (
    <section>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p className="muted">None in this window.</p>
      ) : (
        <ul className="plain-list">
          {items.map((n) => (
            <li key={n.edgeId}>
              <button type="button" className="link-button" onClick={() => onSelectEdge(n.edgeId)}>
                {n.service}
              </button>{" "}
              <span className="muted">
                {n.kind} · {formatRate(n.ratePerSec)}/s · {formatPercent(n.errorRate)} errors
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ServicePanel({ name, view, onClose, onSelectEdge }: Props) {
  const q = useQuery({ ...serviceQuery(name, view), refetchInterval: false });
  const d = q.data;
  return (
    <PanelFrame title={name} label={`service ${name}`} onClose={onClose} loading={q.isPending} error={q.error}>
      {d && (
        <>
          <dl className="stats" aria-label="service totals">
            <div><dt>Calls</dt><dd data-testid="service-calls">{d.calls}</dd></div>
            <div><dt>Errors</dt><dd data-testid="service-errors">{d.errors}</dd></div>
            <div><dt>Rate</dt><dd>{formatRate(d.ratePerSec)}/s</dd></div>
            <div><dt>Error rate</dt><dd>{formatPercent(d.errorRate)}</dd></div>
            <div><dt>p95</dt><dd>{formatMs(d.latency.p95Ms)}</dd></div>
          </dl>
          <Sparkline points={d.series} />
          <section>
            <h3>Operations</h3>
            {d.operations.length === 0 ? (
              <p className="muted">No operations in this window.</p>
            ) : (
              <table className="data-table">
                <thead>
                  <tr><th scope="col">operation</th><th scope="col">calls</th><th scope="col">errors</th><th scope="col">p95</th></tr>
                </thead>
                <tbody>
                  {d.operations.map((o) => (
                    <tr key={`${o.name}\u0001${o.spanKind}`}>
                      <td>{o.name}</td><td>{o.calls}</td><td>{o.errors}</td><td>{formatMs(o.latency.p95Ms)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <Neighbours title="Callers" items={d.callers} onSelectEdge={onSelectEdge} />
          <Neighbours title="Callees" items={d.callees} onSelectEdge={onSelectEdge} />
          <section>
            <h3>Versions</h3>
            {d.versions.length === 0 ? (
              <p className="muted">No version reported.</p>
            ) : (
              <ul className="plain-list">
                {d.versions.map((v) => (
                  <li key={`${v.kind}${v.version}`}>
                    {v.version} <span className="muted">since {new Date(v.atMs).toLocaleString()}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section>
            <h3>Recent errors</h3>
            {d.recentErrors.length === 0 ? (
              <p className="muted">No errors in this window.</p>
            ) : (
              <ul className="plain-list">
                {d.recentErrors.map((e) => (
                  <li key={e.spanId}>
                    <Link href={`/traces/${e.traceId}`}>{e.operation}</Link>{" "}
                    <span className="muted">
                      {e.exceptionType ?? e.httpStatusCode ?? "error"}
                      {e.exceptionMessage ? `: ${e.exceptionMessage}` : e.statusMessage ? `: ${e.statusMessage}` : ""}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <RecentTraces service={name} view={view} />
        </>
      )}
    </PanelFrame>
  );
}
