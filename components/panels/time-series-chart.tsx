"use client";
// A per-minute line chart for the panels: time axis over the whole window (so quiet minutes
// show as gaps), a y axis with round ticks in the series' unit, deploy markers, and a readout of
// the values under the pointer. The chart is a focusable group: arrow keys, Home and End move
// the readout minute by minute, so the numbers are reachable without a mouse.
import { useId, useState, type KeyboardEvent, type PointerEvent } from "react";
import { formatClock, linearScale, linePath, nearestIndex, niceTicks, timeTicks } from "./chart-geometry";

export interface ChartSeries {
  name: string;
  /** a CSS colour, normally a theme variable: "var(--accent)" */
  color: string;
  values: readonly (number | null)[];
  dashed?: boolean;
}

export interface ChartMarker {
  atMs: number;
  label: string;
}

interface Props {
  label: string;
  fromMs: number;
  toMs: number;
  /** start of each minute, ascending; one value per series per time */
  times: readonly number[];
  series: readonly ChartSeries[];
  format(v: number): string;
  markers?: readonly ChartMarker[];
}

const W = 320;
const H = 110;
const M = { left: 44, right: 8, top: 8, bottom: 18 };

export function TimeSeriesChart({ label, fromMs, toMs, times, series, format, markers = [] }: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const readoutId = useId();
  const max = Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const yTicks = niceTicks(max, 3);
  const x = linearScale(fromMs, toMs, M.left, W - M.right);
  const y = linearScale(0, yTicks[yTicks.length - 1], H - M.bottom, M.top);
  const xs = times.map(x);
  const span = toMs - fromMs;
  const shown = hover ?? times.length - 1;
  const inWindow = markers.filter((m) => m.atMs >= fromMs && m.atMs <= toMs);

  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    if (box.width > 0) setHover(nearestIndex(xs, ((e.clientX - box.left) * W) / box.width));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const last = times.length - 1;
    const at = hover ?? last;
    const next = e.key === "ArrowLeft" ? at - 1 : e.key === "ArrowRight" ? at + 1 : e.key === "Home" ? 0 : e.key === "End" ? last : null;
    if (next === null || last < 0) return;
    e.preventDefault();
    setHover(Math.min(Math.max(next, 0), last));
  };

  if (times.length === 0) return <p className="muted">No data in this window.</p>;
  return (
    <figure className="chart" tabIndex={0} role="group" aria-label={label} aria-describedby={readoutId} onKeyDown={onKeyDown}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`${label}: ${times.length} minutes`} onPointerMove={onPointerMove} onPointerLeave={() => setHover(null)}>
        {yTicks.map((t) => (
          <g key={t} className="chart-grid">
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
            <text x={M.left - 4} y={y(t) + 3} textAnchor="end">{t === 0 ? "0" : format(t)}</text>
          </g>
        ))}
        {timeTicks(fromMs, toMs, 4).map((t) => (
          <text key={t} className="chart-axis" x={x(t)} y={H - 4} textAnchor="middle">{formatClock(t, span)}</text>
        ))}
        {inWindow.map((m) => (
          <g key={`${m.atMs}-${m.label}`} className="chart-marker">
            <title>{m.label}</title>
            <line x1={x(m.atMs)} x2={x(m.atMs)} y1={M.top} y2={H - M.bottom} />
            <path d={`M${x(m.atMs) - 4},${M.top - 4} L${x(m.atMs) + 4},${M.top - 4} L${x(m.atMs)},${M.top + 2} Z`} />
          </g>
        ))}
        {series.map((s) => (
          <path key={s.name} d={linePath(s.values.map((v, i) => ({ x: xs[i], y: v === null ? null : y(v) })))} fill="none" stroke={s.color}
            strokeWidth={1.6} strokeDasharray={s.dashed ? "4 3" : undefined} />
        ))}
        {times.length === 1 && series.map((s) => s.values[0] !== null && <circle key={s.name} cx={xs[0]} cy={y(s.values[0]!)} r={2.5} fill={s.color} />)}
        {hover !== null && <line className="chart-cursor" x1={xs[hover]} x2={xs[hover]} y1={M.top} y2={H - M.bottom} />}
      </svg>
      <figcaption id={readoutId} className="chart-readout" aria-live="polite">
        <span className="muted">{formatClock(times[shown], span)}</span>
        {series.map((s) => (
          <span key={s.name}>
            <span className="swatch" style={{ background: s.color }} /> {s.name} {s.values[shown] === null ? "–" : format(s.values[shown]!)}
          </span>
        ))}
        {inWindow.length > 0 && <span className="chart-marker-key">▼ deploy</span>}
      </figcaption>
    </figure>
  );
}
