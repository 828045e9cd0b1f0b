// Orders a trace's spans depth-first under their parents (children by start time) and places
// each as a bar: offset and width as fractions of the trace's extent. Spans whose parent is
// missing (not yet arrived, sampled out) are shown as roots rather than dropped.
import type { TraceSpan } from "@/lib/contracts/traces";

export interface WaterfallRow {
  span: TraceSpan;
  depth: number;
  /** 0..1 from the trace start */
  offset: number;
  /** 0..1 of the trace duration, at least a sliver so zero-length spans stay visible */
  width: number;
}

export function layoutWaterfall(spans: readonly TraceSpan[]): { rows: WaterfallRow[]; startUs: number; durationUs: number } {
  if (spans.length === 0) return { rows: [], startUs: 0, durationUs: 0 };
  const startUs = Math.min(...spans.map((s) => s.startUs));
  const endUs = Math.max(...spans.map((s) => s.startUs + s.durationUs));
  const durationUs = Math.max(1, endUs - startUs);
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | null, TraceSpan[]>();
  for (const s of spans) {
    const parent = s.parentSpanId && ids.has(s.parentSpanId) && s.parentSpanId !== s.spanId ? s.parentSpanId : null;
    const list = children.get(parent) ?? [];
    list.push(s);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.startUs - b.startUs || a.spanId.localeCompare(b.spanId));
  const rows: WaterfallRow[] = [];
  const seen = new Set<string>();
  const visit = (s: TraceSpan, depth: number) => {
    if (seen.has(s.spanId)) return; // a cycle in bad data must not loop forever
    seen.add(s.spanId);
    rows.push({
      span: s,
      depth,
      offset: (s.startUs - startUs) / durationUs,
      width: Math.max(0.002, s.durationUs / durationUs),
    });
    for (const c of children.get(s.spanId) ?? []) visit(c, depth + 1);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  // Spans only reachable through a cycle still get a row.
  for (const s of spans) if (!seen.has(s.spanId)) visit(s, 0);
  return { rows, startUs, durationUs };
}
