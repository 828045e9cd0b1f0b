// Pure functions behind the waterfall: the span tree in display order, which rows a collapsed
// tree leaves visible, the critical path, and the time axis ticks. Spans whose parent is missing
// (not yet arrived, sampled out) are shown as roots rather than dropped; a parent cycle in bad
// data neither loops nor loses a span.
import type { TraceSpan } from "@/lib/contracts/traces";

export interface WaterfallRow {
  span: TraceSpan;
  depth: number;
  /** the parent's span id when the parent is in the trace, else null (a root) */
  parentId: string | null;
  childCount: number;
  /** 0..1 from the trace start */
  offset: number;
  /** 0..1 of the trace duration, at least a sliver so zero-length spans stay visible */
  width: number;
}

export interface WaterfallLayout {
  rows: WaterfallRow[];
  startUs: number;
  durationUs: number;
  /** children of each span id (null: the roots), in display order */
  children: ReadonlyMap<string | null, readonly TraceSpan[]>;
}

export function layoutWaterfall(spans: readonly TraceSpan[]): WaterfallLayout {
  if (spans.length === 0) return { rows: [], startUs: 0, durationUs: 0, children: new Map() };
  // Loops, not Math.min(...spread): a spread of 100k arguments overflows the stack.
  let startUs = Infinity;
  let endUs = -Infinity;
  for (const s of spans) {
    if (s.startUs < startUs) startUs = s.startUs;
    if (s.startUs + s.durationUs > endUs) endUs = s.startUs + s.durationUs;
  }
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
  // An explicit stack, not recursion: a 5,000-deep chain must not overflow the call stack.
  const visitFrom = (root: TraceSpan, rootParent: string | null) => {
    const stack: Array<{ span: TraceSpan; depth: number; parentId: string | null }> = [{ span: root, depth: 0, parentId: rootParent }];
    while (stack.length > 0) {
      const { span, depth, parentId } = stack.pop()!;
      if (seen.has(span.spanId)) continue; // a cycle in bad data must not loop forever
      seen.add(span.spanId);
      const kids = (children.get(span.spanId) ?? []).filter((k) => !seen.has(k.spanId));
      rows.push({
        span,
        depth,
        parentId,
        childCount: kids.length,
        offset: (span.startUs - startUs) / durationUs,
        width: Math.max(0.002, span.durationUs / durationUs),
      });
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i], depth: depth + 1, parentId: span.spanId });
    }
  };
  for (const root of children.get(null) ?? []) visitFrom(root, null);
  // Spans only reachable through a cycle still get a row (as roots).
  for (const s of spans) if (!seen.has(s.spanId)) visitFrom(s, null);
  return { rows, startUs, durationUs, children };
}

/** The rows left when the given spans are collapsed: every descendant of a collapsed row is hidden. */
export function visibleRows(rows: readonly WaterfallRow[], collapsed: ReadonlySet<string>): WaterfallRow[] {
  if (collapsed.size === 0) return rows as WaterfallRow[];
  const out: WaterfallRow[] = [];
  let hideDeeperThan = Infinity;
  for (const row of rows) {
    if (row.depth > hideDeeperThan) continue;
    hideDeeperThan = collapsed.has(row.span.spanId) && row.childCount > 0 ? row.depth : Infinity;
    out.push(row);
  }
  return out;
}

/**
 * The critical path: the spans that the trace's end time waits on. From each root, walk back
 * from its end: the child that finished last before the cursor is on the path, the cursor moves
 * to that child's start, and each chosen child is walked the same way. A child that ends after
 * its parent (asynchronous work) is clamped to the cursor rather than skipped.
 */
export function criticalPath(layout: WaterfallLayout): Set<string> {
  const onPath = new Set<string>();
  const end = (s: TraceSpan) => s.startUs + s.durationUs;
  const work: Array<{ span: TraceSpan; limitUs: number }> = (layout.children.get(null) ?? []).map((span) => ({ span, limitUs: end(span) }));
  while (work.length > 0) {
    const { span, limitUs } = work.pop()!;
    if (onPath.has(span.spanId)) continue;
    onPath.add(span.spanId);
    let cursor = Math.min(end(span), limitUs);
    const kids = [...(layout.children.get(span.spanId) ?? [])].sort((a, b) => end(b) - end(a));
    for (const kid of kids) {
      if (kid.startUs >= cursor) continue;
      work.push({ span: kid, limitUs: cursor });
      cursor = kid.startUs;
    }
  }
  return onPath;
}

/** Evenly spaced ticks on a "nice" step (1, 2 or 5 × 10^n µs), at most `maxTicks` of them. */
export function timeTicks(durationUs: number, maxTicks = 6): Array<{ offset: number; us: number }> {
  if (durationUs <= 0) return [{ offset: 0, us: 0 }];
  const rough = durationUs / maxTicks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!;
  const ticks: Array<{ offset: number; us: number }> = [];
  for (let us = 0; us <= durationUs + 1e-9; us += step) ticks.push({ offset: us / durationUs, us });
  return ticks;
}
