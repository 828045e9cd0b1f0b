// Resolves a graph query's time window: explicit from/to (epoch ms), or a relative range ending
// now. Windows snap to whole minutes because rollups are per minute.
import { AppError } from "@/lib/api/errors";

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_WINDOW_MS = 31 * UNIT_MS.d;

export function resolveWindow(q: { from?: number; to?: number; range?: string }, nowMs = Date.now()): { fromMs: number; toMs: number } {
  let toMs = q.to ?? nowMs;
  let fromMs: number;
  if (q.from !== undefined) fromMs = q.from;
  else {
    const m = /^(\d+)([smhd])$/.exec(q.range ?? "15m")!;
    fromMs = toMs - Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  }
  fromMs = Math.floor(fromMs / 60_000) * 60_000;
  toMs = Math.ceil(toMs / 60_000) * 60_000;
  if (toMs - fromMs > MAX_WINDOW_MS) throw new AppError("bad_request", "window is longer than 31 days");
  if (toMs <= fromMs) throw new AppError("bad_request", "window is empty");
  return { fromMs, toMs };
}

/**
 * The baseline window of a compare: the same window shifted back by an offset ("1h", "1d", "7d"),
 * or an absolute one; null when no baseline was asked for.
 */
export function baselineWindow(
  q: { baseline?: string; baselineFrom?: number; baselineTo?: number },
  window: { fromMs: number; toMs: number },
): { fromMs: number; toMs: number } | null {
  if (q.baselineFrom !== undefined && q.baselineTo !== undefined) return resolveWindow({ from: q.baselineFrom, to: q.baselineTo });
  if (!q.baseline) return null;
  const m = /^(\d+)([smhd])$/.exec(q.baseline);
  if (!m) throw new AppError("bad_request", "baseline is an offset like 1h or 1d");
  const shift = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  return { fromMs: window.fromMs - shift, toMs: window.toMs - shift };
}
