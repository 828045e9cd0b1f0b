// OTLP/JSON KeyValue lists and AnyValues into attribute values, with the same limits and the
// same results as the protobuf path (protobuf-attributes.ts), so both encodings of one request
// give equal rows. Accepted spellings: lowerCamelCase (the OTLP/JSON spec) and the proto's
// snake_case; int64 as a decimal string (the spec) or a number; doubles also as "NaN",
// "Infinity", "-Infinity" (proto3 JSON). Unknown keys are ignored, as the spec requires.
import type { AttributeValue, Attributes } from "@/lib/contracts/span";
import { DROP, KEEP, setOwn, type AttributeCollector } from "./attribute-collector";
import { DecodeError } from "./decode-error";
import { TOO_DEEP_MARKER } from "./limits";

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A malformed part of one span: the span is rejected with this message as the reason. */
export function shapeError(message: string): DecodeError {
  return new DecodeError("wrong_shape", message);
}

/** The value of a lowerCamelCase key, or of its snake_case spelling. */
export function field(o: JsonObject, camel: string, snake: string): unknown {
  const v = o[camel];
  return v !== undefined ? v : o[snake];
}

/** An optional JSON array: absent or null is empty; anything else but an array is malformed. */
export function arrayField(o: JsonObject, camel: string, snake: string, what: string): unknown[] {
  const v = field(o, camel, snake);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw shapeError(`${what} is not an array`);
  return v;
}

/** A KeyValue list (span, resource, event or link attributes) into the collector. */
export function readAttributes(list: unknown[], c: AttributeCollector): void {
  for (let i = 0; i < list.length; i++) {
    const kv = list[i];
    if (!isObject(kv)) throw shapeError("attribute is not a {key, value} object");
    const key = kv.key;
    if (typeof key !== "string" || key.length === 0) continue;
    const where = c.classify(key);
    if (where === DROP) continue;
    const value = readAnyValue(kv.value, c, 0);
    if (where === KEEP) c.put(key, value);
    else c.putSource(where, value);
  }
}

const INT64 = /^-?\d{1,20}$/;

/** Like the protobuf path: a number when exact (|n| < 2^53), else a decimal string. */
function intValue(v: unknown): number | string {
  if (typeof v === "number" && Number.isInteger(v)) return Number.isSafeInteger(v) ? v : BigInt(v).toString();
  if (typeof v === "string" && INT64.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : BigInt.asIntN(64, BigInt(v)).toString();
  }
  throw shapeError("intValue is not an integer");
}

function doubleValue(v: unknown): number | string {
  if (typeof v === "number") return v;
  if (v === "NaN" || v === "Infinity" || v === "-Infinity") return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  throw shapeError("doubleValue is not a number");
}

/** One AnyValue; the last recognised key wins, as the last field of a oneof does in protobuf. */
function readAnyValue(v: unknown, c: AttributeCollector, depth: number): AttributeValue {
  if (v === undefined || v === null) return null;
  if (!isObject(v)) throw shapeError("attribute value is not an AnyValue object");
  let value: AttributeValue = null;
  for (const k in v) {
    const x = v[k];
    switch (k) {
      case "stringValue":
      case "string_value":
        if (typeof x !== "string") throw shapeError("stringValue is not a string");
        value = c.text(x);
        break;
      case "boolValue":
      case "bool_value":
        if (typeof x !== "boolean") throw shapeError("boolValue is not a boolean");
        value = x;
        break;
      case "intValue":
      case "int_value":
        value = intValue(x);
        break;
      case "doubleValue":
      case "double_value":
        value = doubleValue(x);
        break;
      case "bytesValue":
      case "bytes_value":
        if (typeof x !== "string") throw shapeError("bytesValue is not a base64 string");
        value = c.text(x);
        break;
      case "arrayValue":
      case "array_value":
      case "kvlistValue":
      case "kvlist_value":
        if (depth >= c.limits.maxDepth) {
          c.markTruncated();
          value = TOO_DEEP_MARKER;
        } else {
          const items = isObject(x) ? arrayField(x, "values", "values", k) : [];
          value = k.startsWith("a") ? readArray(items, c, depth + 1) : readKvList(items, c, depth + 1);
        }
        break;
    }
  }
  return value;
}

function readArray(items: unknown[], c: AttributeCollector, depth: number): AttributeValue[] {
  const max = c.limits.maxAttributes;
  if (items.length > max) c.markTruncated();
  const out: AttributeValue[] = [];
  for (let i = 0; i < items.length && i < max; i++) out.push(readAnyValue(items[i], c, depth));
  return out;
}

function readKvList(items: unknown[], c: AttributeCollector, depth: number): Attributes {
  const max = c.limits.maxAttributes;
  const map: Attributes = {};
  let count = 0;
  for (let i = 0; i < items.length; i++) {
    if (count >= max) {
      c.markTruncated();
      break;
    }
    const kv = items[i];
    if (!isObject(kv)) throw shapeError("kvlistValue entry is not a {key, value} object");
    if (typeof kv.key !== "string" || kv.key.length === 0) continue;
    setOwn(map, c.text(kv.key), readAnyValue(kv.value, c, depth));
    count++;
  }
  return map;
}
