// Nanosecond timestamps (uint64 on the wire) to epoch microseconds (the numbers we store).
// A uint64 of nanoseconds does not fit a double exactly, so the conversion never forms the
// full value: protobuf gives two 32-bit halves, JSON a decimal string, and both are divided
// by 1000 in integer arithmetic. NaN means "not a timestamp"; the caller rejects the span.

/**
 * floor((hi·2^32 + lo) / 1000) without BigInt: 2^32 = 4,294,967 × 1000 + 296, so the quotient
 * is hi × 4,294,967 + floor((hi × 296 + lo) / 1000), every term exact for any date before 2255.
 */
export function nanosHalvesToMicros(lo: number, hi: number): number {
  return hi * 4294967 + Math.floor((hi * 296 + lo) / 1000);
}

/**
 * A JSON int64: a decimal string (the spec) or a number (allowed when decoding; a number past
 * 2^53 has already lost precision in JSON.parse, to within a few hundred nanoseconds).
 */
export function nanosJsonToMicros(value: unknown): number {
  if (typeof value === "string") {
    const len = value.length;
    if (len === 0 || len > 20) return NaN;
    for (let i = 0; i < len; i++) {
      const c = value.charCodeAt(i);
      if (c < 48 || c > 57) return NaN;
    }
    // Dropping the last three digits is an exact floor division by 1000.
    return len <= 3 ? 0 : Number(value.slice(0, len - 3));
  }
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) {
    return Math.floor(value / 1000);
  }
  return NaN;
}

const MS_PER_DAY = 86_400_000;
/** 2000-01-01T00:00:00Z: nothing traced by OpenTelemetry is older. */
export const EARLIEST_PLAUSIBLE_US = Date.UTC(2000, 0, 1) * 1000;

export interface TimeWindow {
  minUs: number;
  maxUs: number;
}

/** Plausible span times: from 2000 until one day after `nowMs` (generous for clock skew). */
export function plausibleWindow(nowMs: number): TimeWindow {
  return { minUs: EARLIEST_PLAUSIBLE_US, maxUs: (nowMs + MS_PER_DAY) * 1000 };
}

/** Why a span's times are unusable, or null when they are fine. */
export function checkSpanTimes(startUs: number, endUs: number, window: TimeWindow): string | null {
  if (Number.isNaN(startUs) || Number.isNaN(endUs)) return "start or end time is not a valid timestamp";
  if (startUs < window.minUs) return "start time before 2000-01-01";
  if (startUs > window.maxUs) return "start time more than 1 day in the future";
  if (endUs < startUs) return "end time before start time";
  if (endUs > window.maxUs) return "end time more than 1 day in the future";
  return null;
}
