// The browser's `<input type="datetime-local">` speaks local wall-clock time ("2026-11-27T04:30",
// no zone); the URL and the API speak epoch milliseconds. One conversion each way for every
// time form (the trace search, the dashboard's window and baseline).

/** Epoch ms → the input's value in the browser's zone, to the minute; "" for none. */
export function toLocalInput(ms: number | null): string {
  if (ms === null) return "";
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** The input's value → epoch ms; NaN when empty or not a time (so `from < to` is false). */
export const fromLocalInput = (v: string): number => (v ? new Date(v).getTime() : NaN);
