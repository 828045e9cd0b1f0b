import { describe, expect, it } from "vitest";
import { DecodeError } from "./decode-error";
import { int64ToValue, ProtoReader, WireType } from "./protobuf-reader";

const reader = (...bytes: number[]) => new ProtoReader(Uint8Array.from(bytes));

function expectDecodeError(fn: () => unknown, code: DecodeError["code"]): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).code).toBe(code);
    return;
  }
  throw new Error(`expected a DecodeError (${code})`);
}

/** The protobuf varint of a non-negative bigint, or of a negative one as 64-bit two's complement. */
function varint(value: bigint): number[] {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return out;
}

describe("ProtoReader varints", () => {
  it("reads one-byte and multi-byte varints", () => {
    expect(reader(0x00).readVarint32()).toBe(0);
    expect(reader(0x7f).readVarint32()).toBe(127);
    expect(reader(0xac, 0x02).readVarint32()).toBe(300);
    expect(reader(...varint(0xffffffffn)).readVarint32()).toBe(0xffffffff);
  });

  it("keeps the low 32 bits of a 10-byte varint (a negative int32 enum)", () => {
    const r = reader(...varint(-1n));
    expect(r.readVarint32()).toBe(0xffffffff);
    expect(r.pos).toBe(10);
  });

  it("reads 64-bit varints into lo/hi and converts them to exact values", () => {
    for (const value of [0n, 1n, 300n, 2n ** 32n + 5n, 2n ** 53n - 1n, -1n, -(2n ** 53n) + 1n, 2n ** 63n - 1n, -(2n ** 63n)]) {
      const r = reader(...varint(value));
      r.readVarint64();
      const expected = Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
      expect(int64ToValue(r.lo, r.hi)).toBe(expected);
    }
  });

  it("throws on a truncated varint and on one longer than 10 bytes", () => {
    expectDecodeError(() => reader(0x80).readVarint32(), "truncated");
    expectDecodeError(() => reader(0xff, 0xff).readVarint64(), "truncated");
    const eleven = [...Array(10).fill(0xff), 0x01];
    expectDecodeError(() => reader(...eleven).readVarint32(), "invalid_varint");
    expectDecodeError(() => reader(...eleven).readVarint64(), "invalid_varint");
  });
});

describe("ProtoReader fixed-width values and lengths", () => {
  it("reads little-endian fixed32, fixed64 and double", () => {
    expect(reader(0x01, 0x01, 0x00, 0x00).readFixed32()).toBe(257);
    const r = reader(0x78, 0x56, 0x34, 0x12, 0x02, 0x00, 0x00, 0x00);
    r.readFixed64();
    expect([r.lo, r.hi]).toEqual([0x12345678, 2]);
    const d = new Uint8Array(new Float64Array([72.5]).buffer);
    expect(new ProtoReader(d).readDouble()).toBe(72.5);
  });

  it("never reads past the end", () => {
    expectDecodeError(() => reader(1, 2, 3).readFixed32(), "truncated");
    expectDecodeError(() => reader(1, 2, 3, 4, 5, 6, 7).readDouble(), "truncated");
    expectDecodeError(() => reader(1, 2, 3, 4, 5, 6, 7).readFixed64(), "truncated");
  });

  it("rejects a length prefix larger than what is left, however large", () => {
    expectDecodeError(() => reader(0x05, 1, 2).readLength(), "truncated");
    expectDecodeError(() => reader(...varint(0xffffffffn)).readLength(), "truncated");
  });

  it("checks lengths against the enclosing message, not only the buffer", () => {
    const r = reader(0x03, 0x05, 1, 2, 3, 4, 5, 6);
    r.enter(r.readLength()); // a 3-byte message
    expectDecodeError(() => r.readLength(), "truncated"); // claims 5 bytes inside it
  });

  it("decodes UTF-8 strings, long and short, and maps invalid bytes to U+FFFD", () => {
    const text = "héllo wörld ✓ ".repeat(10);
    const bytes = new TextEncoder().encode(text);
    const r = new ProtoReader(Uint8Array.from([...varint(BigInt(bytes.length)), ...bytes]));
    expect(r.readString()).toBe(text);
    expect(reader(0x02, 0x68, 0x69).readString()).toBe("hi");
    expect(reader(0x02, 0xff, 0x41).readString()).toBe("\ufffdA");
  });
});

describe("ProtoReader tags and skipping", () => {
  it("rejects field number 0 and wire types 6 and 7", () => {
    expectDecodeError(() => reader(0x00).readTag(), "invalid_field_number");
    expectDecodeError(() => reader((1 << 3) | 6).readTag(), "invalid_wire_type");
    expectDecodeError(() => reader((1 << 3) | 7).readTag(), "invalid_wire_type");
  });

  it("skips every valid wire type and lands on the next field", () => {
    const fields = [
      (1 << 3) | WireType.VARINT, ...varint(-1n),
      (2 << 3) | WireType.FIXED64, 1, 2, 3, 4, 5, 6, 7, 8,
      (3 << 3) | WireType.LEN, 3, 9, 9, 9,
      (4 << 3) | WireType.START_GROUP, (5 << 3) | WireType.VARINT, 1, (6 << 3) | WireType.START_GROUP, (6 << 3) | WireType.END_GROUP, (4 << 3) | WireType.END_GROUP,
      (7 << 3) | WireType.FIXED32, 1, 2, 3, 4,
      (8 << 3) | WireType.VARINT, 42,
    ];
    const r = reader(...fields);
    for (let i = 0; i < 5; i++) r.skip(r.readTag());
    expect(r.readTag()).toBe((8 << 3) | WireType.VARINT);
    expect(r.readVarint32()).toBe(42);
    expect(r.pos).toBe(fields.length);
  });

  it("rejects a stray or mismatched end-group tag", () => {
    expectDecodeError(() => {
      const r = reader((1 << 3) | WireType.END_GROUP);
      r.skip(r.readTag());
    }, "invalid_wire_type");
    expectDecodeError(() => {
      const r = reader((1 << 3) | WireType.START_GROUP, (2 << 3) | WireType.END_GROUP);
      r.skip(r.readTag());
    }, "invalid_wire_type");
  });

  it("bounds group nesting and never loops on an unterminated group", () => {
    const deep = Array(1000).fill((1 << 3) | WireType.START_GROUP);
    expectDecodeError(() => {
      const r = reader(...deep);
      r.skip(r.readTag());
    }, "too_deep");
    expectDecodeError(() => {
      const r = reader((1 << 3) | WireType.START_GROUP, (2 << 3) | WireType.VARINT, 1);
      r.skip(r.readTag());
    }, "truncated");
  });

  it("skipping a LEN field checks its length", () => {
    expectDecodeError(() => {
      const r = reader((1 << 3) | WireType.LEN, 0x7f, 1, 2);
      r.skip(r.readTag());
    }, "truncated");
  });
});
