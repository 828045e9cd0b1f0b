// Writes PostgreSQL COPY text format straight into one growing Buffer: the same bytes
// copy-text.ts produces (tab-separated, \N for NULL, backslash escapes, NUL → U+FFFD), without a
// string per value, a string per row and a UTF-8 conversion of the whole at the end. For a
// 4,096-span request the string path built about 250k short-lived strings and spent more time in
// the garbage collector than in encoding (bench/README.md); this writer makes none for ASCII
// values, which are nearly all of them.
// The caller writes fields in column order, with `tab()` between fields and `endRow()` after each
// row; every value is escaped here, so no input can leave its field.
import { escapeCopyText, jsonForCopy } from "./copy-text";

const TAB = 0x09;
const NEWLINE = 0x0a;
const CR = 0x0d;
const BACKSLASH = 0x5c;
const ZERO = 0x30;

/** Bytes an ASCII value may hold as they are; everything else goes through the escaping path. */
function isPlainAscii(c: number): boolean {
  return c < 0x80 && c !== BACKSLASH && c !== TAB && c !== NEWLINE && c !== CR && c !== 0;
}

export class CopyBufferWriter {
  private buf: Buffer;
  private pos = 0;
  private cachedSecond = NaN;
  private readonly secondPrefix = Buffer.alloc(19); // "2026-11-26T22:00:00"

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** The rows written so far (a view of the writer's buffer: do not write after taking it). */
  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  get length(): number {
    return this.pos;
  }

  tab(): void {
    this.ensure(1);
    this.buf[this.pos++] = TAB;
  }

  endRow(): void {
    this.ensure(1);
    this.buf[this.pos++] = NEWLINE;
  }

  null(): void {
    this.ensure(2);
    this.buf[this.pos++] = BACKSLASH;
    this.buf[this.pos++] = 0x4e; // N
  }

  bool(v: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = v ? 0x74 : 0x66; // t / f
  }

  /** A number; NaN and ±Infinity are NULL, as in copy-text.ts. */
  number(n: number): void {
    if (!Number.isFinite(n)) return this.null();
    if (Number.isInteger(n) && n >= 0 && n < 1e15) {
      this.ensure(16);
      if (n === 0) {
        this.buf[this.pos++] = ZERO;
        return;
      }
      let digits = 0;
      for (let x = n; x >= 1; x = Math.floor(x / 10)) digits++;
      let at = this.pos + digits;
      this.pos = at;
      for (let x = n; x >= 1; x = Math.floor(x / 10)) this.buf[--at] = ZERO + (x % 10);
      return;
    }
    this.ascii(String(n));
  }

  /** A nullable number column. */
  numberOrNull(n: number | null | undefined): void {
    if (n === null || n === undefined) this.null();
    else this.number(n);
  }

  /** A text column: escaped, NUL replaced; null/undefined is NULL. */
  text(s: string | null | undefined): void {
    if (s === null || s === undefined) return this.null();
    const n = s.length;
    if (n <= 128) {
      this.ensure(n);
      const start = this.pos;
      const buf = this.buf;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (!isPlainAscii(c)) break;
        buf[start + i] = c;
      }
      if (i === n) {
        this.pos = start + n;
        return;
      }
    }
    this.utf8(s);
  }

  /** Already-escaped bytes (a cached JSON document, say). */
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A jsonb column; {} and [] short-cut; the document is escaped like any text. */
  json(v: object): void {
    if (isEmptyJson(v)) return this.ascii(Array.isArray(v) ? "[]" : "{}");
    this.utf8(jsonForCopy(v));
  }

  /** Epoch microseconds as a timestamptz literal: "2026-11-26T22:00:00.123456Z". */
  timestampUs(us: number): void {
    const second = Math.floor(us / 1_000_000);
    if (second !== this.cachedSecond) {
      this.cachedSecond = second;
      this.secondPrefix.write(new Date(second * 1000).toISOString().slice(0, 19), 0, "latin1");
    }
    let micro = Math.round(us - second * 1_000_000);
    this.ensure(27);
    this.buf.set(this.secondPrefix, this.pos);
    let at = this.pos + 19;
    this.buf[at++] = 0x2e; // .
    for (let d = 5; d >= 0; d--) {
      this.buf[at + d] = ZERO + (micro % 10);
      micro = Math.floor(micro / 10);
    }
    at += 6;
    this.buf[at++] = 0x5a; // Z
    this.pos = at;
  }

  /** Text known to be plain ASCII with nothing to escape (digits, fixed words). */
  private ascii(s: string): void {
    this.ensure(s.length);
    this.pos += this.buf.write(s, this.pos, "latin1");
  }

  /** Any string: written as UTF-8, then escaped in place only if a byte needs it. */
  private utf8(s: string): void {
    this.ensure(s.length * 3);
    const start = this.pos;
    const written = this.buf.write(s, start, "utf8");
    const buf = this.buf;
    // In UTF-8 these ASCII bytes never occur inside a multi-byte character, so a byte scan is exact.
    for (let i = start, end = start + written; i < end; i++) {
      const c = buf[i];
      if (c === BACKSLASH || c === TAB || c === NEWLINE || c === CR || c === 0) {
        const escaped = escapeCopyText(s);
        this.ensure(escaped.length * 3);
        this.pos = start + this.buf.write(escaped, start, "utf8");
        return;
      }
    }
    this.pos = start + written;
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}

function isEmptyJson(v: object): boolean {
  if (Array.isArray(v)) return v.length === 0;
  for (const _ in v) return false;
  return true;
}
