"use client";
// The waterfall's rows, virtualised: only the rows in (and just around) the scrolled viewport are
// in the DOM, each absolutely placed at index × ROW_HEIGHT, so a 5,000-span trace costs the same
// to render and scroll as a 50-span one. The list is one ARIA tree with the active row as
// aria-activedescendant; the parent owns selection and collapse, this part only draws and scrolls.
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { formatMs } from "@/components/service-graph/format";
import type { WaterfallRow } from "./waterfall-layout";

export const ROW_HEIGHT = 26;
/** rows drawn beyond each edge of the viewport, so a fast scroll does not show blank space */
const OVERSCAN = 15;

export function WaterfallRows({ rows, activeId, collapsed, critical, showCritical, onSelect, onToggle, onKey }: {
  rows: readonly WaterfallRow[];
  activeId: string | null;
  collapsed: ReadonlySet<string>;
  critical: ReadonlySet<string>;
  showCritical: boolean;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string) => void;
  onKey: (e: KeyboardEvent<HTMLDivElement>) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ top: 0, height: 600 });

  useEffect(() => {
    const el = scroller.current!;
    const measure = () => setViewport({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const resize = new ResizeObserver(measure);
    resize.observe(el);
    return () => resize.disconnect();
  }, []);

  // Keep the active row in view when the keyboard moves it off screen.
  const activeIndex = activeId === null ? -1 : rows.findIndex((r) => r.span.spanId === activeId);
  useEffect(() => {
    const el = scroller.current;
    if (!el || activeIndex < 0) return;
    const top = activeIndex * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  }, [activeIndex]);

  const first = Math.max(0, Math.floor(viewport.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((viewport.top + viewport.height) / ROW_HEIGHT) + OVERSCAN);
  return (
    <div
      ref={scroller}
      className="wf-scroller"
      role="tree"
      aria-label="spans"
      tabIndex={0}
      aria-activedescendant={activeIndex >= 0 ? `span-${activeId}` : undefined}
      onKeyDown={onKey}
      onScroll={(e) => setViewport({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
    >
      <div style={{ height: rows.length * ROW_HEIGHT, position: "relative" }}>
        {rows.slice(first, last).map((row, i) => {
          const { span } = row;
          const index = first + i;
          const isCollapsed = collapsed.has(span.spanId);
          const classes = ["wf-row", span.isError && "error", showCritical && critical.has(span.spanId) && "critical", span.spanId === activeId && "active"];
          return (
            <div
              key={span.spanId}
              id={`span-${span.spanId}`}
              role="treeitem"
              aria-level={row.depth + 1}
              aria-selected={span.spanId === activeId}
              aria-expanded={row.childCount > 0 ? !isCollapsed : undefined}
              aria-setsize={rows.length}
              aria-posinset={index + 1}
              className={classes.filter(Boolean).join(" ")}
              style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }}
              onClick={() => onSelect(span.spanId)}
            >
              <div className="wf-label" style={{ paddingLeft: row.depth * 12 }}>
                {row.childCount > 0 ? (
                  <button
                    type="button"
                    tabIndex={-1}
                    className="wf-toggle"
                    aria-label={isCollapsed ? `expand ${span.name}` : `collapse ${span.name}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      onToggle(span.spanId);
                    }}
                  >
                    {isCollapsed ? "▸" : "▾"}
                  </button>
                ) : <span className="wf-toggle" />}
                {span.isError && <span className="wf-error-mark" aria-label="error">✖</span>}
                <strong>{span.service}</strong> <span className="wf-name">{span.name}</span>
                {isCollapsed && <span className="muted"> (+{row.childCount})</span>}
              </div>
              <div className="wf-track" aria-hidden="true">
                <div className="wf-bar" style={{ left: `${row.offset * 100}%`, width: `${Math.min(row.width, 1 - row.offset) * 100}%` }} />
              </div>
              <span className="wf-duration">{formatMs(span.durationUs / 1000)}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
