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

export function encodeCopyValue(v: CopyValue): string {
  if (v === null || v === undefined) return "\\N";
  if (typeof v === "string") return escapeText(stripNul(v));
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "\\N";
  if (typeof v === "boolean") return v ? "t" : "f";
  if (v instanceof Date) return v.toISOString();
  return escapeText(toJson(v)); // jsonb, and arrays written as JSON by the caller
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

/** Epoch microseconds → timestamptz literal COPY accepts. */
export function microsToTimestamp(us: number): string {
  const ms = Math.floor(us / 1000);
  const micro = Math.round(us - ms * 1000);
  const iso = new Date(ms).toISOString(); // 2026-11-26T22:00:00.123Z
  return `${iso.slice(0, 23)}${String(micro).padStart(3, "0")}Z`;
}
