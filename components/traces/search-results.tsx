"use client";
// The trace search results: one row per trace, linking to its waterfall. Start and duration
// sort on the server (the order decides which traces make the page); the pager steps through
// pages of PAGE_SIZE with the server telling whether another follows.
import Link from "next/link";
import type { TraceSearch, TraceSort } from "@/lib/contracts/traces";
import { formatMs } from "@/components/service-graph/format";
import { PAGE_SIZE } from "./search-params";

const SORTABLE: Record<"start" | "duration", [TraceSort, TraceSort]> = {
  start: ["newest", "oldest"],
  duration: ["longest", "shortest"],
};

function SortHeader({ column, label, sort, onSort }: { column: keyof typeof SORTABLE; label: string; sort: TraceSort; onSort: (s: TraceSort) => void }) {
  const [first, second] = SORTABLE[column];
  const active = sort === first || sort === second;
  const ariaSort = !active ? "none" : sort === "newest" || sort === "longest" ? "descending" : "ascending";
  return (
    <th aria-sort={ariaSort}>
      <button type="button" className="link-button" onClick={() => onSort(sort === first ? second : first)}>
        {label} {active ? (ariaSort === "descending" ? "▼" : "▲") : ""}
      </button>
    </th>
  );
}

const timeFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });

export function SearchResults({ data, sort, offset, onSort, onPage }: {
  data: TraceSearch;
  sort: TraceSort;
  offset: number;
  onSort: (s: TraceSort) => void;
  onPage: (offset: number) => void;
}) {
  if (data.traces.length === 0) {
    return <p className="muted" role="status">{offset > 0 ? "No more traces." : "No traces match these filters in this window."}</p>;
  }
  return (
    <>
      <table className="data-table trace-results" aria-label="traces">
        <thead>
          <tr>
            <th>Root</th>
            <SortHeader column="start" label="Start" sort={sort} onSort={onSort} />
            <SortHeader column="duration" label="Duration" sort={sort} onSort={onSort} />
            <th>Spans</th>
            <th>Errors</th>
            <th>Services</th>
          </tr>
        </thead>
        <tbody>
          {data.traces.map((t) => (
            <tr key={t.traceId} className={t.errorCount > 0 ? "has-error" : undefined}>
              <td>
                <Link href={`/traces/${t.traceId}`}>
                  <strong>{t.rootService ?? "(no root span)"}</strong> {t.rootOperation ?? <code>{t.traceId.slice(0, 12)}…</code>}
                </Link>
              </td>
              <td>{timeFormat.format(t.startMs)}</td>
              <td className="num">{formatMs(t.durationMs)}</td>
              <td className="num">{t.spanCount}</td>
              <td className="num">{t.errorCount > 0 ? <span className="error-count">✖ {t.errorCount}</span> : "0"}</td>
              <td className="trace-services">{t.services.join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="pager" aria-label="result pages">
        <button type="button" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - PAGE_SIZE))}>← Previous page</button>
        <span className="muted">traces {offset + 1}–{offset + data.traces.length}</span>
        <button type="button" disabled={!data.hasMore} onClick={() => onPage(offset + PAGE_SIZE)}>Next page →</button>
      </nav>
    </>
  );
}
