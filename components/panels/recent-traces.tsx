"use client";
// The latest traces through a service (or one of its operations), from trace search over raw
// spans, each linking to its waterfall, and a link to the full search with the same filter.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ViewState } from "@/components/dashboard/view-state";
import { traceSearchQuery } from "@/components/queries/read-queries";
import { formatMs } from "@/components/service-graph/format";
import { DEFAULT_SEARCH, encodeSearch } from "@/components/traces/search-params";

interface Props {
  service: string;
  operation?: string;
  view: ViewState;
}

export function RecentTraces({ service, operation, view }: Props) {
  const q = useQuery(traceSearchQuery({ service, operation, limit: 10 }, view));
  const search = encodeSearch({ ...DEFAULT_SEARCH, service, operation: operation ?? null, range: view.range, from: view.from, to: view.to });
  return (
    <section>
      <h3>Latest traces</h3>
      {q.isPending && <p role="status">Loading…</p>}
      {q.error && <p role="alert" className="panel-error">Could not search traces: {q.error.message}</p>}
      {q.data && q.data.traces.length === 0 && <p className="muted">No stored traces in this window.</p>}
      {q.data && q.data.traces.length > 0 && (
        <ul className="plain-list" aria-label="latest traces">
          {q.data.traces.map((t) => (
            <li key={t.traceId}>
              <Link href={`/traces/${t.traceId}`}>
                {t.rootService ?? "?"} {t.rootOperation ?? ""}
              </Link>{" "}
              <span className="muted">
                {formatMs(t.durationMs)} · {t.spanCount} spans{t.errorCount > 0 ? ` · ${t.errorCount} errors` : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p><Link href={`/traces?${search}`}>Search {operation ? "this operation's" : "this service's"} traces</Link></p>
    </section>
  );
}
