// Encodes rows as PostgreSQL COPY text format: tab-separated, \N for NULL, backslash escapes.
// Input strings are escaped here, so no value can break out of its field or row: COPY is never
// given SQL, only data.

export type CopyValue = string | number | boolean | null | undefined | Date | object;

const NEEDS_ESCAPE = /[\\\t\n\r]/;

function escapeText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === "\\") out += "\\\\";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else out += ch;
  }
  return out;
}

/** A NUL character is the one thing PostgreSQL text cannot hold: replaced by U+FFFD. */
function stripNul(s: string): string {
  return s.includes("\u0000") ? s.replaceAll("\u0000", "\uFFFD") : s;
}

/** A string as a COPY text field: NUL replaced, then escaped. */
export function escapeCopyText(s: string): string {
  return escapeText(stripNul(s));
}

/** A value as the JSON document a jsonb column accepts (not yet escaped for COPY). */
export function jsonForCopy(v: object): string {
  return toJson(v);
}

export function encodeCopyValue(v: CopyValue): string {
  if (v === null || v === undefined) return "\\N";
  if (typeof v === "string") return escapeText(stripNul(v));
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "\\N";
  if (typeof v === "boolean") return v ? "t" : "f";
  if (v instanceof Date) return v.toISOString();
  return encodeJson(v); // jsonb, and arrays written as JSON by the caller
}

// Spans of one resource share one resourceAttributes object, and most events/links lists are
// empty: the encoding is cached per object and empties are short-cut, so a 4,096-span request
// stringifies each resource once instead of 4,096 times.
const jsonCache = new WeakMap<object, string>();
function encodeJson(v: object): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
  } else {
    let empty = true;
    for (const _ in v) {
      empty = false;
      break;
    }
    if (empty) return "{}";
  }
  let encoded = jsonCache.get(v);
  if (encoded === undefined) {
    encoded = escapeText(toJson(v));
    jsonCache.set(v, encoded);
  }
  return encoded;
}

// jsonb rejects the escape \u0000 too. Checking the serialised text first keeps the common case
// at one JSON.stringify; only a value that holds a NUL somewhere is rebuilt without it.
function toJson(v: object): string {
  const json = JSON.stringify(v);
  if (!json.includes("\\u0000")) return json;
  return JSON.stringify(v, function sanitize(_key, value: unknown) {
    if (typeof value === "string") return stripNul(value);
    if (value && typeof value === "object" && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, x]) => [stripNul(k), x]));
    }
    return value;
  });
}

export function encodeCopyRows(rows: readonly CopyValue[][]): string {
  const lines: string[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    let line = "";
    for (let c = 0; c < row.length; c++) {
      if (c > 0) line += "\t";
      line += encodeCopyValue(row[c]);
    }
    lines[r] = line;
  }
  return lines.length ? lines.join("\n") + "\n" : "";
}

/**
 * Epoch microseconds → timestamptz literal COPY accepts ("2026-11-26T22:00:00.123456Z").
 * The date-and-second prefix is cached: the spans of a request fall in a few seconds, and
 * Date#toISOString per row was a visible share of encoding.
 */
let cachedSecond = NaN;
let cachedPrefix = "";
export function microsToTimestamp(us: number): string {
  const second = Math.floor(us / 1_000_000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19); // 2026-11-26T22:00:00
  }
  const micro = Math.round(us - second * 1_000_000);
  return `${cachedPrefix}.${String(micro).padStart(6, "0")}Z`;
}
