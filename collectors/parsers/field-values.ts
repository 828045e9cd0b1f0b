// Strict conversions of the scalar values flow sources write, shared by all parsers, each
// returning a value or an error string so the parser can reject the line with a precise reason.

/** Earliest believable flow time. VPC Flow Logs date from 2015, but the AWS documentation's own
 *  examples use 2014 epochs, so the floor is 2000-01-01: it still catches truncated epochs
 *  (e.g. 164000066 in Elastic's v5 sample) without refusing the documented examples. */
export const MIN_PLAUSIBLE_MS = 946_684_800_000;
/** Clock skew we tolerate between the source and this agent before calling a time "future". */
export const MAX_FUTURE_SKEW_MS = 86_400_000;

/** Decimal digits only (no sign, no exponent), up to `max`. Length-capped before converting. */
export function parseUint(s: string, max: number): number | null {
  return parseUintAt(s, 0, s.length, max);
}

/** parseUint of `s.slice(start, end)`, without making the slice (VPC lines are read in place). */
export function parseUintAt(s: string, start: number, end: number, max: number): number | null {
  const n = end - start;
  if (n <= 0 || n > 16) return null;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    value = value * 10 + c;
  }
  return value <= max ? value : null;
}

export function describeUintError(field: string, raw: string, max: number): string {
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}...` : raw;
  return `${field}: '${shown}' is not an integer in 0..${max}`;
}

/** Refuses times before 2000 and more than a day ahead of `nowMs`. */
export function checkFlowTime(field: string, ms: number, nowMs: number): string | null {
  if (!Number.isFinite(ms)) return `${field}: not a time`;
  if (ms < MIN_PLAUSIBLE_MS) return `${field}: ${new Date(ms).toISOString()} is before 2000-01-01`;
  if (ms > nowMs + MAX_FUTURE_SKEW_MS) return `${field}: ${new Date(ms).toISOString()} is more than a day in the future`;
  return null;
}

// Anchored, bounded quantifiers only: linear on any input.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** RFC 3339 timestamp to epoch ms (sub-millisecond digits truncated); null when not RFC 3339.
 *  Date.parse alone is too lenient ("June 5 2020" parses). */
export function parseRfc3339Ms(s: string): number | null {
  if (s.length > 40 || !RFC3339.test(s)) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : ms;
}
