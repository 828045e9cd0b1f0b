"use client";
// The flows of a network edge or node, newest first, page by page from GET /api/v1/flows, with a
// verdict filter ("only rejects" is the usual question).
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { flowVerdicts } from "@/lib/contracts/flow";
import type { ViewState } from "@/components/dashboard/view-state";
import { flowsQuery, type FlowFilterView } from "@/components/queries/read-queries";
import { FlowTable } from "./flow-table";
import { LoadError } from "./panel-frame";

export function FlowList({ filter, view, title }: { filter: FlowFilterView; view: ViewState; title: string }) {
  const [verdict, setVerdict] = useState("");
  const q = useInfiniteQuery(flowsQuery({ ...filter, verdict: verdict || undefined }, view));
  const flows = q.data?.pages.flatMap((p) => p.flows) ?? [];
  return (
    <section>
      <h3>{title}</h3>
      <label className="inline-filter">
        Verdict{" "}
        <select value={verdict} onChange={(e) => setVerdict(e.target.value)}>
          <option value="">all</option>
          {flowVerdicts.map((v) => <option key={v} value={v}>{v}</option>)}
        </select>
      </label>
      {q.isPending && <p role="status">Loading flows…</p>}
      {q.error && <LoadError what="flows" error={q.error} onRetry={() => q.refetch()} />}
      {q.data && flows.length === 0 && <p className="muted">No stored flows{verdict ? ` with verdict ${verdict}` : ""} in this window.</p>}
      {flows.length > 0 && <FlowTable flows={flows} label="flows" />}
      {q.hasNextPage && (
        <button type="button" onClick={() => q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          {q.isFetchingNextPage ? "Loading…" : "Older flows"}
        </button>
      )}
    </section>
  );
}
