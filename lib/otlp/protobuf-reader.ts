// A minimal protobuf wire-format reader: just what a hand-written decoder needs to walk an
// OTLP request and pull out the few fields it keeps. It never builds a generic object tree
// (that is where protobufjs + toObject spends its time) and never reads out of bounds:
// every read is checked against `end`, the end of the message being decoded, and any
// violation throws a DecodeError. Every loop advances `pos` or throws, so no input can make
// it spin. Wire format: https://protobuf.dev/programming-guides/encoding/
import { DecodeError } from "./decode-error";
import { decodeUtf8, MAX_INTERNED_BYTES, sharedStringCache } from "./string-cache";

export const WireType = {
  VARINT: 0,
  FIXED64: 1,
  LEN: 2,
  START_GROUP: 3,
  END_GROUP: 4,
  FIXED32: 5,
} as const;

/** Deprecated groups are skipped by scanning for their end tag; nesting is bounded. */
const MAX_GROUP_DEPTH = 32;

export class ProtoReader {
  readonly buf: Uint8Array;
  pos: number;
  /** exclusive end of the message currently being read; sub-messages narrow it (enter/leave) */
  end: number;
  /** the two halves of the last 64-bit value read (readVarint64 / readFixed64), unsigned */
  lo = 0;
  hi = 0;
  private view: DataView | null = null;

  constructor(buf: Uint8Array) {
    this.buf = buf;
    this.pos = 0;
    this.end = buf.length;
  }

  /** Reads a tag and returns it whole (field number << 3 | wire type). */
  readTag(): number {
    const start = this.pos;
    const tag = this.readVarint32();
    const wireType = tag & 7;
    if (tag >>> 3 === 0) throw new DecodeError("invalid_field_number", "field number 0", start);
    if (wireType > 5) throw new DecodeError("invalid_wire_type", `wire type ${wireType}`, start);
    return tag;
  }

  /** Low 32 bits of a varint, unsigned. Consumes all of it (up to 10 bytes). */
  readVarint32(): number {
    const buf = this.buf;
    let pos = this.pos;
    if (pos >= this.end) throw this.truncated(pos);
    let b = buf[pos++];
    if (b < 0x80) {
      this.pos = pos;
      return b;
    }
    let result = b & 0x7f;
    let shift = 7;
    do {
      if (pos >= this.end) throw this.truncated(pos);
      if (shift >= 70) throw new DecodeError("invalid_varint", "varint longer than 10 bytes", pos);
      b = buf[pos++];
      if (shift < 32) result |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    this.pos = pos;
    return result >>> 0;
  }

  /** A full 64-bit varint into `lo`/`hi`. */
  readVarint64(): void {
    const buf = this.buf;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    let b: number;
    do {
      if (pos >= this.end) throw this.truncated(pos);
      if (shift >= 70) throw new DecodeError("invalid_varint", "varint longer than 10 bytes", pos);
      b = buf[pos++];
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >> 4;
      } else if (shift < 64) hi |= (b & 0x7f) << (shift - 32);
      shift += 7;
    } while (b & 0x80);
    this.pos = pos;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  readFixed32(): number {
    const pos = this.pos;
    if (this.end - pos < 4) throw this.truncated(pos);
    const b = this.buf;
    this.pos = pos + 4;
    return (b[pos] | (b[pos + 1] << 8) | (b[pos + 2] << 16) | (b[pos + 3] << 24)) >>> 0;
  }

  /** A fixed64 into `lo`/`hi`. */
  readFixed64(): void {
    this.lo = this.readFixed32();
    this.hi = this.readFixed32();
  }

  readDouble(): number {
    const pos = this.pos;
    if (this.end - pos < 8) throw this.truncated(pos);
    this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.pos = pos + 8;
    return this.view.getFloat64(pos, true);
  }

  /** The length prefix of a LEN field, checked against what is left of the current message. */
  readLength(): number {
    const at = this.pos;
    const len = this.readVarint32();
    if (len > this.end - this.pos) {
      throw new DecodeError("truncated", `length ${len} exceeds the ${this.end - this.pos} bytes left`, at);
    }
    return len;
  }

  /** Narrows the reader to the next `len` bytes; returns the outer end for leave(). */
  enter(len: number): number {
    const outer = this.end;
    this.end = this.pos + len;
    return outer;
  }

  leave(outerEnd: number): void {
    this.pos = this.end;
    this.end = outerEnd;
  }

  /**
   * UTF-8 text of `len` bytes at `start` (not advancing); invalid sequences become U+FFFD.
   * Short strings come from the interning cache: they are the keys and enum-like values
   * that repeat in every span.
   */
  stringAt(start: number, len: number): string {
    if (len === 0) return "";
    if (len <= MAX_INTERNED_BYTES) return sharedStringCache.get(this.buf, start, len);
    return decodeUtf8(this.buf, start, len);
  }

  /** Reads a LEN field as a string. */
  readString(): string {
    const len = this.readLength();
    const start = this.pos;
    this.pos = start + len;
    return this.stringAt(start, len);
  }

  /** Skips the value of a field whose tag was just read. */
  skip(tag: number): void {
    switch (tag & 7) {
      case WireType.VARINT:
        this.readVarint64();
        return;
      case WireType.FIXED64:
        this.advance(8);
        return;
      case WireType.LEN: {
        const len = this.readLength(); // read before pos: `pos += f()` would add to the old pos
        this.pos += len;
        return;
      }
      case WireType.START_GROUP:
        this.skipGroup(tag >>> 3);
        return;
      case WireType.FIXED32:
        this.advance(4);
        return;
      default:
        throw new DecodeError("invalid_wire_type", `unexpected wire type ${tag & 7}`, this.pos);
    }
  }

  /** Throws unless a known field arrived with the wire type its schema gives it. */
  expectWireType(tag: number, wireType: number, field: string): void {
    if ((tag & 7) !== wireType) {
      throw new DecodeError(
        "invalid_wire_type",
        `${field} has wire type ${tag & 7}, expected ${wireType}`,
        this.pos,
      );
    }
  }

  private advance(n: number): void {
    if (this.end - this.pos < n) throw this.truncated(this.pos);
    this.pos += n;
  }

  /** Iterative: an open group pushes its field number; the matching end tag pops it. */
  private skipGroup(fieldNumber: number): void {
    const open = [fieldNumber];
    while (open.length > 0) {
      const tag = this.readTag();
      const wireType = tag & 7;
      if (wireType === WireType.START_GROUP) {
        if (open.length >= MAX_GROUP_DEPTH) {
          throw new DecodeError("too_deep", `groups nested deeper than ${MAX_GROUP_DEPTH}`, this.pos);
        }
        open.push(tag >>> 3);
      } else if (wireType === WireType.END_GROUP) {
        if (open.pop() !== tag >>> 3) {
          throw new DecodeError("invalid_wire_type", "end-group tag does not match", this.pos);
        }
      } else {
        this.skip(tag);
      }
    }
  }

  private truncated(at: number): DecodeError {
    return new DecodeError("truncated", "message ends in the middle of a field", at);
  }
}

/** A signed int64 (two's complement halves) as a number when exact, else as a decimal string. */
export function int64ToValue(lo: number, hi: number): number | string {
  if (hi < 0x200000) return hi * 4294967296 + lo; // 0 … 2^53 - 1
  if (hi > 0xffe00000 || (hi === 0xffe00000 && lo > 0)) return (hi - 4294967296) * 4294967296 + lo;
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
}
