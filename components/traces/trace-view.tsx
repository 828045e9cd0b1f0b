"use client";
// One trace as a waterfall: span bars on the trace's time axis in a collapsible tree, the critical
// path and error spans marked, and the selected span's detail beside it. Selection and collapse
// live here; layout is computed once per trace (waterfall-layout.ts), drawing is virtualised.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useMemo, useState, type KeyboardEvent } from "react";
import { traceQuery } from "@/components/queries/read-queries";
import { formatMs } from "@/components/service-graph/format";
import { ApiError } from "@/components/queries/fetch-parsed";
import type { Trace } from "@/lib/contracts/traces";
import { SpanDetail } from "./span-detail";
import { treeKeyAction } from "./waterfall-keys";
import { criticalPath, layoutWaterfall, timeTicks, visibleRows } from "./waterfall-layout";
import { WaterfallRows } from "./waterfall-rows";

export function TraceView({ traceId }: { traceId: string }) {
  const q = useQuery(traceQuery(traceId));
  if (q.isPending) return <p role="status">Loading trace…</p>;
  if (q.error) {
    const missing = q.error instanceof ApiError && q.error.status === 404;
    return (
      <p role="alert" className="panel-error">
        {missing ? "No spans of this trace are stored (it may be older than the retention, or not arrived yet)." : `Could not load trace: ${q.error.message}`}{" "}
        <Link href="/traces">Search traces</Link>
      </p>
    );
  }
  return <Waterfall trace={q.data} />;
}

function Waterfall({ trace }: { trace: Trace }) {
  const layout = useMemo(() => layoutWaterfall(trace.spans), [trace]);
  const critical = useMemo(() => criticalPath(layout), [layout]);
  const linked = useMemo(() => new Set(trace.linkedTraceIds), [trace]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [activeId, setActiveId] = useState<string | null>(null);
  const [detailOpen, setDetailOpen] = useState(false);
  const [showCritical, setShowCritical] = useState(true);
  const rows = useMemo(() => visibleRows(layout.rows, collapsed), [layout, collapsed]);

  const toggle = useCallback((spanId: string) => setCollapsed((c) => {
    const next = new Set(c);
    if (!next.delete(spanId)) next.add(spanId);
    return next;
  }), []);
  const select = useCallback((spanId: string) => {
    setActiveId(spanId);
    setDetailOpen(true);
  }, []);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.key === "Enter" || e.key === " ") && activeId) {
      e.preventDefault();
      setDetailOpen((o) => !o);
      return;
    }
    if (e.key === "Escape") return setDetailOpen(false);
    const action = treeKeyAction(e.key, rows, activeId, collapsed);
    if (!action) return;
    e.preventDefault();
    if (action.type === "select") setActiveId(action.spanId);
    else toggle(action.spanId);
  };

  const services = new Set(trace.spans.map((s) => s.service));
  const errors = trace.spans.filter((s) => s.isError).length;
  const active = activeId === null ? null : trace.spans.find((s) => s.spanId === activeId) ?? null;
  const ticks = timeTicks(layout.durationUs);
  const withChildren = layout.rows.filter((r) => r.childCount > 0).map((r) => r.span.spanId);
  return (
    <section aria-label="trace waterfall" className="wf">
      <p className="muted" data-testid="trace-summary">
        {trace.spans.length} spans · {services.size} services · {formatMs(layout.durationUs / 1000)}
        {errors > 0 && <span className="panel-error"> · {errors} error spans</span>}
        {" · started "}{new Date(layout.startUs / 1000).toLocaleString()}
      </p>
      {trace.truncated && <p role="note" className="panel-error">This trace has more spans than can be shown; the first {trace.spans.length} by start time are drawn.</p>}
      <div className="toolbar">
        <button type="button" onClick={() => setCollapsed(new Set())} disabled={collapsed.size === 0}>Expand all</button>
        <button type="button" onClick={() => setCollapsed(new Set(withChildren))} disabled={withChildren.length === 0}>Collapse all</button>
        <label><input type="checkbox" checked={showCritical} onChange={(e) => setShowCritical(e.target.checked)} /> Highlight critical path</label>
        <span className="toolbar-status">↑↓ move · ←→ collapse/expand · Enter details</span>
      </div>
      <div className="wf-main">
        <div className="wf-table">
          <div className="wf-axis" aria-hidden="true">
            <span />
            <div className="wf-track">
              {ticks.map((t) => <span key={t.us} className="wf-tick" style={{ left: `${t.offset * 100}%` }}>{formatMs(t.us / 1000)}</span>)}
            </div>
            <span />
          </div>
          <WaterfallRows rows={rows} activeId={activeId} collapsed={collapsed} critical={critical} showCritical={showCritical} onSelect={select} onToggle={toggle} onKey={onKey} />
        </div>
        {detailOpen && active && (
          <SpanDetail span={active} traceStartUs={layout.startUs} linkedTraceIds={linked} onClose={() => setDetailOpen(false)} />
        )}
      </div>
    </section>
  );
}
