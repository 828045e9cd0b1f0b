// "250ms", "30s", "5m", "1h" → milliseconds (a bare number is seconds).
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) throw new Error(`not a duration: "${text}" (e.g. 30s, 5m, 1h)`);
  return Math.round(Number(m[1]) * UNITS[m[2] ?? "s"]);
}
