"use client";
// Client- vs server-side latency of one edge on one chart: paired bars on the shared log-scale
// buckets, with p50/p95/p99 of each side marked where they fall. The gap between the two sides
// is time spent on the network and in queues. Focusable: arrow keys walk the buckets.
import { useId, useState, type KeyboardEvent, type PointerEvent } from "react";
import type { Latency } from "@/lib/contracts/graph";
import { formatMs } from "@/components/service-graph/format";
import { histogramBars, latencyTicks, linearScale, logBucketPosition, nearestIndex, niceTicks } from "./chart-geometry";

interface Props {
  client: readonly number[];
  server: readonly number[];
  clientLatency: Latency;
  serverLatency: Latency;
}

const W = 320;
const H = 130;
const M = { left: 34, right: 8, top: 24, bottom: 18 };
const LABEL_GAP = 16; // px between percentile labels on one row; closer ones go up a row
const QUANTILES = [["p50", "p50Ms"], ["p95", "p95Ms"], ["p99", "p99Ms"]] as const;

export function LatencyHistogram({ client, server, clientLatency, serverLatency }: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const readoutId = useId();
  const bars = histogramBars(client, server);
  if (bars.length === 0) return <p className="muted">No latency measured in this window.</p>;
  const first = bars[0].index;
  const last = bars[bars.length - 1].index;
  // Bucket i occupies [i, i + 1) on the axis; the axis covers the used buckets.
  const x = linearScale(first, last + 1, M.left, W - M.right);
  const bw = x(first + 1) - x(first);
  const yTicks = niceTicks(Math.max(...bars.map((b) => Math.max(b.client, b.server))), 3);
  const y = linearScale(0, yTicks[yTicks.length - 1], H - M.bottom, M.top);
  const centres = bars.map((b) => x(b.index + 0.5));
  const clamp = (p: number) => Math.min(Math.max(p, first), last + 1);
  const shown = hover === null ? null : bars[hover];

  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    if (box.width > 0) setHover(nearestIndex(centres, ((e.clientX - box.left) * W) / box.width));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const at = hover ?? -1;
    const next = e.key === "ArrowLeft" ? at - 1 : e.key === "ArrowRight" ? at + 1 : e.key === "Home" ? 0 : e.key === "End" ? bars.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    setHover(Math.min(Math.max(next, 0), bars.length - 1));
  };

  const marks = (l: Latency, side: "client" | "server") => {
    const rowEnds: number[] = [];
    return QUANTILES.map(([name, key]) => {
      const ms = l[key];
      if (ms === null) return null;
      const px = x(clamp(logBucketPosition(ms)));
      // p95 and p99 often share a bucket: stack their labels instead of printing one over the other.
      let row = rowEnds.findIndex((end) => px - end >= LABEL_GAP);
      if (row < 0) row = rowEnds.length;
      rowEnds[row] = px;
      return (
        <g key={`${side}-${name}`} className={`chart-quantile ${side}`}>
          <title>{`${side} ${name} ${formatMs(ms)}`}</title>
          <line x1={px} x2={px} y1={M.top} y2={H - M.bottom} />
          {side === "server" && <text x={px} y={M.top - 3 - row * 9} textAnchor="middle">{name}</text>}
        </g>
      );
    });
  };

  return (
    <figure className="chart histogram" tabIndex={0} role="group" aria-label={`latency histogram, client and server, ${formatMs(bars[0].upperMs)} to ${formatMs(bars[bars.length - 1].upperMs)}`}
      aria-describedby={readoutId} onKeyDown={onKeyDown}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`latency histogram: ${bars.length} log-scale buckets, client and server bars, percentiles marked`}
        onPointerMove={onPointerMove} onPointerLeave={() => setHover(null)}>
        {yTicks.map((t) => (
          <g key={t} className="chart-grid">
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
            <text x={M.left - 4} y={y(t) + 3} textAnchor="end">{t}</text>
          </g>
        ))}
        {latencyTicks(first, last).map((ms) => (
          <text key={ms} className="chart-axis" x={x(clamp(logBucketPosition(ms)))} y={H - 4} textAnchor="middle">{formatMs(ms)}</text>
        ))}
        {bars.map((b, i) => (
          <g key={b.index} className={hover === i ? "chart-bar-hover" : undefined}>
            <rect x={x(b.index)} y={y(b.client)} width={Math.max(1, bw / 2 - 0.5)} height={H - M.bottom - y(b.client)} fill="var(--client)" />
            <rect x={x(b.index) + bw / 2} y={y(b.server)} width={Math.max(1, bw / 2 - 0.5)} height={H - M.bottom - y(b.server)} fill="var(--server)" />
          </g>
        ))}
        {marks(clientLatency, "client")}
        {marks(serverLatency, "server")}
      </svg>
      <figcaption id={readoutId} className="chart-readout" aria-live="polite">
        {shown ? (
          <span>≤ {formatMs(shown.upperMs)}: client {shown.client}, server {shown.server}</span>
        ) : (
          <>
            <span><span className="swatch" style={{ background: "var(--client)" }} /> client (caller)</span>
            <span><span className="swatch" style={{ background: "var(--server)" }} /> server (callee)</span>
          </>
        )}
      </figcaption>
      <table className="data-table compact" aria-label="latency percentiles">
        <thead><tr><th scope="col">side</th><th scope="col">p50</th><th scope="col">p95</th><th scope="col">p99</th></tr></thead>
        <tbody>
          {([["client", clientLatency], ["server", serverLatency]] as const).map(([side, l]) => (
            <tr key={side}><th scope="row">{side}</th><td>{formatMs(l.p50Ms)}</td><td>{formatMs(l.p95Ms)}</td><td>{formatMs(l.p99Ms)}</td></tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
