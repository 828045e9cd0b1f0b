// Protobuf KeyValue / AnyValue (opentelemetry/proto/common/v1/common.proto) straight into
// attribute values. Field numbers:
//   KeyValue      key = 1 (string), value = 2 (AnyValue)
//   AnyValue      oneof: string_value = 1, bool_value = 2, int_value = 3 (int64),
//                 double_value = 4, array_value = 5, kvlist_value = 6, bytes_value = 7
//   ArrayValue    values = 1 (repeated AnyValue)
//   KeyValueList  values = 1 (repeated KeyValue)
// Nesting is bounded by limits.maxDepth: a deeper array or map is skipped in one jump over
// its length prefix (never recursed into) and replaced by a marker.
import type { AttributeValue, Attributes } from "@/lib/contracts/span";
import { DROP, KEEP, setOwn, type AttributeCollector } from "./attribute-collector";
import { DecodeError } from "./decode-error";
import { TOO_DEEP_MARKER } from "./limits";
import { int64ToValue, WireType, type ProtoReader } from "./protobuf-reader";

const tag = (field: number, wireType: number) => (field << 3) | wireType;
const KV_KEY = tag(1, WireType.LEN);
const KV_VALUE = tag(2, WireType.LEN);
const AV_STRING = tag(1, WireType.LEN);
const AV_BOOL = tag(2, WireType.VARINT);
const AV_INT = tag(3, WireType.VARINT);
const AV_DOUBLE = tag(4, WireType.FIXED64);
const AV_ARRAY = tag(5, WireType.LEN);
const AV_KVLIST = tag(6, WireType.LEN);
const AV_BYTES = tag(7, WireType.LEN);
const VALUES = tag(1, WireType.LEN);

/** Bit n set = field n is one we read, so a wrong wire type on it is an error, not unknown. */
export const fieldMask = (...fields: number[]) => fields.reduce((mask, f) => mask | (1 << f), 0);
const KV_FIELDS = fieldMask(1, 2);
const AV_FIELDS = fieldMask(1, 2, 3, 4, 5, 6, 7);
const LIST_FIELDS = fieldMask(1);

/** Skips a field we do not read; throws when it is one we read but with the wrong wire type. */
export function skipField(r: ProtoReader, t: number, known: number): void {
  const field = t >>> 3;
  if (field < 31 && (known >>> field) & 1) {
    throw new DecodeError("invalid_wire_type", `field ${field} has wire type ${t & 7}`, r.pos);
  }
  r.skip(t);
}

// Where the last scanKeyValue() found the key and the value (a value may precede its key).
let keyAt = -1;
let keyLen = 0;
let valueAt = -1;
let valueLen = 0;

/** Scans the KeyValue message the reader is narrowed to, recording where key and value are. */
function scanKeyValue(r: ProtoReader): void {
  keyAt = -1;
  valueAt = -1;
  while (r.pos < r.end) {
    const t = r.readTag();
    if (t === KV_KEY) {
      keyLen = r.readLength();
      keyAt = r.pos;
      r.pos += keyLen;
    } else if (t === KV_VALUE) {
      valueLen = r.readLength();
      valueAt = r.pos;
      r.pos += valueLen;
    } else {
      skipField(r, t, KV_FIELDS);
    }
  }
}

/** Reads the KeyValue of `len` bytes at the reader into the collector. */
export function readAttribute(r: ProtoReader, len: number, c: AttributeCollector): void {
  const outer = r.enter(len);
  scanKeyValue(r);
  const at = valueAt;
  const size = valueLen;
  if (keyAt >= 0 && keyLen > 0) {
    const key = r.stringAt(keyAt, keyLen);
    const where = c.classify(key);
    if (where !== DROP) {
      const value = at < 0 ? null : anyValueAt(r, at, size, c, 0);
      if (where === KEEP) c.put(key, value);
      else c.putSource(where, value);
    }
  }
  r.leave(outer);
}

/** The AnyValue of `len` bytes at `at`, leaving the reader where it was. */
function anyValueAt(r: ProtoReader, at: number, len: number, c: AttributeCollector, depth: number): AttributeValue {
  const pos = r.pos;
  const end = r.end;
  r.pos = at;
  r.end = at + len;
  const value = readAnyValue(r, c, depth);
  r.pos = pos;
  r.end = end;
  return value;
}

/** Reads the AnyValue the reader is narrowed to. An empty AnyValue is null. */
function readAnyValue(r: ProtoReader, c: AttributeCollector, depth: number): AttributeValue {
  let value: AttributeValue = null;
  while (r.pos < r.end) {
    const t = r.readTag();
    switch (t) {
      case AV_STRING:
        value = c.text(r.readString());
        break;
      case AV_BOOL:
        r.readVarint64();
        value = (r.lo | r.hi) !== 0;
        break;
      case AV_INT:
        r.readVarint64();
        value = int64ToValue(r.lo, r.hi);
        break;
      case AV_DOUBLE: {
        const d = r.readDouble();
        value = Number.isFinite(d) ? d : String(d); // NaN and ±Infinity do not survive JSON
        break;
      }
      case AV_ARRAY:
      case AV_KVLIST: {
        const len = r.readLength();
        if (depth >= c.limits.maxDepth) {
          r.pos += len;
          c.markTruncated();
          value = TOO_DEEP_MARKER;
          break;
        }
        const outer = r.enter(len);
        value = t === AV_ARRAY ? readArray(r, c, depth + 1) : readKvList(r, c, depth + 1);
        r.leave(outer);
        break;
      }
      case AV_BYTES: {
        const len = r.readLength();
        const b = r.buf;
        value = c.text(Buffer.from(b.buffer, b.byteOffset + r.pos, len).toString("base64"));
        r.pos += len;
        break;
      }
      default:
        skipField(r, t, AV_FIELDS);
    }
  }
  return value;
}

function readArray(r: ProtoReader, c: AttributeCollector, depth: number): AttributeValue[] {
  const items: AttributeValue[] = [];
  while (r.pos < r.end) {
    const t = r.readTag();
    if (t !== VALUES) {
      skipField(r, t, LIST_FIELDS);
      continue;
    }
    const len = r.readLength();
    if (items.length >= c.limits.maxAttributes) {
      r.pos += len;
      c.markTruncated();
      continue;
    }
    const outer = r.enter(len);
    items.push(readAnyValue(r, c, depth));
    r.leave(outer);
  }
  return items;
}

function readKvList(r: ProtoReader, c: AttributeCollector, depth: number): Attributes {
  const map: Attributes = {};
  let count = 0;
  while (r.pos < r.end) {
    const t = r.readTag();
    if (t !== VALUES) {
      skipField(r, t, LIST_FIELDS);
      continue;
    }
    const len = r.readLength();
    if (count >= c.limits.maxAttributes) {
      r.pos += len;
      c.markTruncated();
      continue;
    }
    const outer = r.enter(len);
    scanKeyValue(r);
    const at = valueAt;
    const size = valueLen;
    if (keyAt >= 0 && keyLen > 0) {
      const key = c.text(r.stringAt(keyAt, keyLen));
      setOwn(map, key, at < 0 ? null : anyValueAt(r, at, size, c, depth));
      count++;
    }
    r.leave(outer);
  }
  return map;
}
