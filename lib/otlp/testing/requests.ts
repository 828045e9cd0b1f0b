// Test support only: small OTLP/JSON requests built in code, and a helper that decodes one
// request through both decoders (JSON as is, protobuf after encoding it with protobufjs) and
// checks they agree, so every behaviour test covers both paths.
import { expect } from "vitest";
import { decodeJsonTraceRequest } from "../decode-json";
import type { DecodeResult } from "../decode-context";
import { decodeProtobufTraceRequest } from "../decode-protobuf";
import type { DecodeOptions } from "../limits";
import { jsonRequestToProtobuf } from "./otlp-proto-schema";

/** A fixed "now" (2025-06-01T12:00:00Z) so time checks do not depend on the clock. */
export const NOW_MS = Date.UTC(2025, 5, 1, 12);
/** A start time an hour before NOW_MS, as nanoseconds in a decimal string. */
export const START_NS = `${NOW_MS - 3_600_000}000000`;
export const START_US = (NOW_MS - 3_600_000) * 1000;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** An OTLP/JSON AnyValue for a plain JS value (integers as intValue strings, as the spec writes them). */
export function anyValue(v: JsonValue): Record<string, unknown> {
  if (v === null) return {};
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  if (typeof v === "number") return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  return { kvlistValue: { values: Object.entries(v).map(([key, value]) => ({ key, value: anyValue(value) })) } };
}

export function keyValues(attrs: Record<string, JsonValue>): { key: string; value: Record<string, unknown> }[] {
  return Object.entries(attrs).map(([key, value]) => ({ key, value: anyValue(value) }));
}

let nextSpan = 1;

/** A valid SERVER span lasting 1 ms; override any OTLP/JSON field. */
export function jsonSpan(fields: Record<string, unknown> = {}): Record<string, unknown> {
  const id = (nextSpan++).toString(16).padStart(16, "0");
  return {
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: id,
    name: "GET /items",
    kind: 2,
    startTimeUnixNano: START_NS,
    endTimeUnixNano: String(BigInt(START_NS) + 1_000_000n),
    ...fields,
  };
}

/** One resource (attributes given), one scope, the spans given. */
export function jsonRequest(
  resource: Record<string, JsonValue>,
  spans: Record<string, unknown>[],
): Record<string, unknown> {
  return {
    resourceSpans: [
      {
        resource: { attributes: keyValues(resource) },
        scopeSpans: [{ scope: { name: "test-scope", version: "1.0" }, spans }],
      },
    ],
  };
}

/** Decodes `request` as OTLP/JSON and as protobuf, asserts both give the same, returns it. */
export function decodeBoth(request: unknown, options: DecodeOptions = {}): DecodeResult {
  const opts = { nowMs: NOW_MS, ...options };
  const fromJson = decodeJsonTraceRequest(JSON.stringify(request), opts);
  const fromProtobuf = decodeProtobufTraceRequest(jsonRequestToProtobuf(request), opts);
  expect(fromProtobuf).toEqual(fromJson);
  return fromJson;
}
