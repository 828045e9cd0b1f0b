// Minute buckets: every rollup row is keyed by the start of its minute in epoch milliseconds.
export const MINUTE_MS = 60_000;

/** Start of the minute holding an epoch-microsecond time (negative or invalid → 0). */
export function minuteOfUs(us: number): number {
  if (!Number.isFinite(us) || us <= 0) return 0;
  return Math.floor(us / 1000 / MINUTE_MS) * MINUTE_MS;
}

export function minuteOfMs(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) return 0;
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}
