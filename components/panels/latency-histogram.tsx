// Client- vs server-side latency of one edge as paired bars on the shared log buckets. The gap
// between the two is time spent on the network and in queues.
import { formatMs } from "@/components/service-graph/format";
import { histogramBars } from "./chart-geometry";

const H = 80;

export function LatencyHistogram({ client, server }: { client: number[]; server: number[] }) {
  const bars = histogramBars(client, server);
  if (bars.length === 0) return <p className="muted">No latency measured in this window.</p>;
  const max = Math.max(1, ...bars.map((b) => Math.max(b.client, b.server)));
  const bw = Math.max(4, Math.min(16, Math.floor(260 / bars.length)));
  const width = bars.length * bw;
  const svgWidth = Math.max(width, 60);
  const y = (v: number) => H - (v / max) * H;
  return (
    <figure className="histogram">
      <svg width={svgWidth} height={H + 14} viewBox={`0 0 ${svgWidth} ${H + 14}`} role="img"
        aria-label={`latency histogram from ${formatMs(bars[0].upperMs)} to ${formatMs(bars[bars.length - 1].upperMs)}`}>
        {bars.map((b, i) => (
          <g key={i}>
            <title>{`≤ ${formatMs(b.upperMs)}: client ${b.client}, server ${b.server}`}</title>
            <rect x={i * bw} y={y(b.client)} width={bw / 2 - 1} height={H - y(b.client)} fill="var(--accent)" />
            <rect x={i * bw + bw / 2} y={y(b.server)} width={bw / 2 - 1} height={H - y(b.server)} fill="#3fb27f" />
          </g>
        ))}
        {/* Both axis ends only when the bars are wide enough for two labels not to collide. */}
        {width >= 80 ? (
          <>
            <text x={0} y={H + 12} fontSize={9} fill="currentColor">{formatMs(bars[0].upperMs)}</text>
            <text x={width} y={H + 12} fontSize={9} fill="currentColor" textAnchor="end">{formatMs(bars[bars.length - 1].upperMs)}</text>
          </>
        ) : (
          <text x={0} y={H + 12} fontSize={9} fill="currentColor">≤ {formatMs(bars[bars.length - 1].upperMs)}</text>
        )}
      </svg>
      <figcaption>
        <span className="swatch" style={{ background: "var(--accent)" }} /> client
        <span className="swatch" style={{ background: "#3fb27f" }} /> server
      </figcaption>
    </figure>
  );
}
