// Calls per minute (line) with errors (red line) as a small inline SVG.
import type { RedPoint } from "@/lib/contracts/service-detail";
import { sparklinePath } from "./chart-geometry";

const W = 260;
const H = 48;

export function Sparkline({ points }: { points: RedPoint[] }) {
  if (points.length === 0) return <p className="muted">No calls in this window.</p>;
  const max = Math.max(1, ...points.map((p) => p.calls));
  const calls = sparklinePath(points.map((p) => p.calls), W, H);
  const errors = sparklinePath(points.map((p) => (p.errors / max) * Math.max(1, ...points.map((q) => q.calls))), W, H);
  return (
    <svg className="sparkline" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img"
      aria-label={`calls per minute, ${points.length} minutes, peak ${max}`}>
      <path d={calls} fill="none" stroke="var(--accent)" strokeWidth={1.5} />
      <path d={errors} fill="none" stroke="var(--bad)" strokeWidth={1.5} strokeDasharray="3 2" />
    </svg>
  );
}
