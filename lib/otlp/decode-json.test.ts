import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { normalizedSpanSchema, type AttributeValue, type NormalizedSpan } from "@/lib/contracts/span";
import { Reject } from "./decode-context";
import { decodeJsonTraceRequest } from "./decode-json";
import { RESOURCE_SOURCE_KEYS } from "./resource-columns";
import { SPAN_SOURCE_KEYS } from "./semconv-columns";
import { jsonSpan, NOW_MS } from "./testing/requests";

const repoRoot = path.resolve(__dirname, "../..");
const datasets = path.resolve(repoRoot, "../shared/datasets");
const testdata = path.resolve(__dirname, "testdata");
const haveDatasets = existsSync(datasets);
if (!haveDatasets) console.warn(`[lib/otlp] ${datasets} not found: dataset sample tests are skipped`);

const read = (file: string) => readFileSync(file, "utf8");
// The samples are from 2017–2022: "now" only bounds the future, so the real clock is fine.
const decode = (text: string) => decodeJsonTraceRequest(text, { nowMs: Date.now() });

// --- an independent, deliberately plain reading of OTLP/JSON, to check the decoder against ---

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw fixture JSON, walked loosely on purpose

function refId(id: string | undefined, bytes: number): string | null {
  if (!id) return null;
  return id.length === bytes * 2 ? id.toLowerCase() : Buffer.from(id, "base64").toString("hex");
}

function refValue(v: Raw | undefined): AttributeValue {
  if (!v) return null;
  if ("stringValue" in v) return v.stringValue;
  if ("boolValue" in v) return v.boolValue;
  if ("intValue" in v) return Number.isSafeInteger(Number(v.intValue)) ? Number(v.intValue) : String(v.intValue);
  if ("doubleValue" in v) return v.doubleValue;
  if ("bytesValue" in v) return v.bytesValue;
  if ("arrayValue" in v) return (v.arrayValue.values ?? []).map(refValue);
  if ("kvlistValue" in v) return Object.fromEntries((v.kvlistValue.values ?? []).map((kv: Raw) => [kv.key, refValue(kv.value)]));
  return null;
}

const refAttributes = (list: Raw[] | undefined) =>
  Object.fromEntries((list ?? []).map((kv) => [kv.key, refValue(kv.value)]));
const refMicros = (ns: string) => Number(BigInt(ns) / 1000n);
const KINDS = ["SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"];
const STATUSES = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];
const refEnum = (v: unknown, names: string[]) => (typeof v === "string" ? names.indexOf(v) : ((v as number) ?? 0));

/**
 * Each raw attribute must be in `attributes` with its value, or, if it is one that may become
 * a column, have its value (as text or number) in one of the row's columns.
 */
function expectAttributesInPlace(raw: Record<string, AttributeValue>, kept: Record<string, unknown>, row: NormalizedSpan, columnKeys: readonly string[]): void {
  const columnValues = Object.entries(row)
    .filter(([k]) => !["attributes", "resourceAttributes", "events", "links"].includes(k))
    .map(([, v]) => v);
  for (const [key, value] of Object.entries(raw)) {
    if (key in kept) expect(kept[key], key).toEqual(value);
    else {
      expect(columnKeys, `${key} vanished`).toContain(key);
      // a column holds the value as text, or as a number when it is numeric ("4000" → 4000)
      const forms = [value, String(value), Number(value)];
      expect(columnValues.some((v) => forms.includes(v as AttributeValue)), `${key}=${value} → a column`).toBe(true);
    }
  }
  for (const key of Object.keys(kept)) {
    if (!key.startsWith("otel.scope.")) expect(Object.keys(raw), `${key} came from nowhere`).toContain(key);
  }
}

/** Every span of a raw request, with its resource attributes, in request order. */
function rawSpans(request: Raw): { span: Raw; resource: Record<string, AttributeValue>; scope: Raw }[] {
  return (request.resourceSpans ?? []).flatMap((rs: Raw) =>
    (rs.scopeSpans ?? []).flatMap((ss: Raw) =>
      (ss.spans ?? []).map((span: Raw) => ({ span, resource: refAttributes(rs.resource?.attributes), scope: ss.scope ?? {} })),
    ),
  );
}

function expectEveryFieldInPlace(request: Raw, spans: NormalizedSpan[]): void {
  const raws = rawSpans(request);
  expect(spans).toHaveLength(raws.length);
  raws.forEach(({ span: raw, resource, scope }, i) => {
    const row = spans[i];
    expect(normalizedSpanSchema.parse(row)).toEqual(row);
    expect(row.traceId).toBe(refId(raw.traceId, 16));
    expect(row.spanId).toBe(refId(raw.spanId, 8));
    expect(row.parentSpanId).toBe(refId(raw.parentSpanId, 8));
    expect(row.name).toBe(raw.name ?? "");
    expect(row.kind).toBe(refEnum(raw.kind, KINDS));
    expect(row.traceState).toBe(raw.traceState || null);
    expect(row.flags).toBe(raw.flags ?? 0);
    expect(row.startUs).toBe(refMicros(raw.startTimeUnixNano));
    expect(row.durationUs).toBe(refMicros(raw.endTimeUnixNano) - refMicros(raw.startTimeUnixNano));
    expect(row.statusCode).toBe(refEnum(raw.status?.code, STATUSES));
    expect(row.statusMessage).toBe(raw.status?.message || null);
    expect(row.service).toBe(resource["service.name"] ?? "unknown_service");
    expect(row.attributes["otel.scope.name"]).toBe(scope.name || undefined);
    expect(row.attributes["otel.scope.version"]).toBe(scope.version || undefined);
    expectAttributesInPlace(refAttributes(raw.attributes), row.attributes, row, SPAN_SOURCE_KEYS);
    expectAttributesInPlace(resource, row.resourceAttributes, row, RESOURCE_SOURCE_KEYS);
    expect(row.events).toEqual(
      (raw.events ?? []).map((e: Raw) => ({ timeUs: refMicros(e.timeUnixNano), name: e.name ?? "", attributes: refAttributes(e.attributes) })),
    );
    expect(row.links).toEqual(
      (raw.links ?? []).map((l: Raw) => ({ traceId: refId(l.traceId, 16), spanId: refId(l.spanId, 8), attributes: refAttributes(l.attributes) })),
    );
    expect(row.truncated).toBe(false);
  });
}

describe("decodeJsonTraceRequest on the OTLP specification example (vendored)", () => {
  it("reads the one server span exactly", () => {
    const result = decode(read(path.join(testdata, "otlp-example-trace.json")));
    expect(result.rejected).toBe(0);
    expect(result.spans).toHaveLength(1);
    expect(result.spans[0]).toMatchObject({
      traceId: "5b8efff798038103d269b633813fc60c",
      spanId: "eee19b7ec3c1b174",
      parentSpanId: "eee19b7ec3c1b173",
      name: "I'm a server span",
      kind: 2,
      startUs: 1544712660000000,
      durationUs: 1_000_000,
      statusCode: 0,
      service: "my.service",
      attributes: { "my.span.attr": "some value", "otel.scope.name": "my.library", "otel.scope.version": "1.0.0" },
      resourceAttributes: {},
      events: [],
      links: [],
      truncated: false,
    });
  });
});

describe("decodeJsonTraceRequest on Jaeger's otel_traces_01 (vendored)", () => {
  const text = read(path.join(testdata, "jaeger-otel-traces-01.json"));

  it("puts every field in place", () => {
    expectEveryFieldInPlace(JSON.parse(text), decode(text).spans);
  });

  it("reads attribute types, events, links, status and peer.service", () => {
    const [first] = decode(text).spans;
    expect(first).toMatchObject({
      traceState: "state.2",
      flags: 1,
      kind: 2,
      statusCode: 2,
      service: "service-x",
      peerService: "service-y",
      attributes: { "peer.ipv4": 23456, blob: "AAAwOQ==", temperature: 72.5 },
    });
    expect(first.attributes).not.toHaveProperty("peer.service");
    expect(first.events.map((e) => e.name)).toEqual(["testing-event", ""]);
    expect(first.links[1]).toEqual({
      traceId: "00000000000000ff0000000000000000",
      spanId: "00000000000000ff",
      attributes: { "opentracing.ref_type": "child_of" },
    });
  });
});

describe.skipIf(!haveDatasets)("decodeJsonTraceRequest on the Jaeger OTLP fixtures (../shared)", () => {
  const dir = path.join(datasets, "jaeger-fixtures");
  const files = haveDatasets
    ? readdirSync(dir).filter((f) => f.endsWith(".json") && read(path.join(dir, f)).includes('"resourceSpans"'))
    : [];

  it("finds the OTLP/JSON fixtures SOURCE.md lists", () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files).toContain("otlp2jaeger-in.json");
  });

  it.each(files)("%s: every field lands in place", (file) => {
    const text = read(path.join(dir, file));
    const result = decode(text);
    expect(result.rejected).toBe(0);
    expectEveryFieldInPlace(JSON.parse(text), result.spans);
  });

  it("otlp2jaeger-in.json: net.peer.ip on a server span is the caller", () => {
    const [span] = decode(read(path.join(dir, "otlp2jaeger-in.json"))).spans;
    expect(span).toMatchObject({ kind: 2, clientAddress: "1.2.3.4", networkPeerAddress: "1.2.3.4", peerService: "telemetrygen-client" });
    expect(span.attributes).toEqual({ "otel.scope.name": "telemetrygen" });
  });
});

describe.skipIf(!haveDatasets)("decodeJsonTraceRequest on Tempo's protobuf-JSON traces (../shared, AGPL: not vendored)", () => {
  const dir = path.join(datasets, "tempo-servicegraphs-testdata");
  const files = haveDatasets ? readdirSync(dir).filter((f) => f.endsWith(".json")) : [];

  it.each(files)("%s: base64 ids and enum names decode, every field in place", (file) => {
    const text = read(path.join(dir, file));
    const result = decode(text);
    expect(result.rejected).toBe(0);
    expectEveryFieldInPlace(JSON.parse(text), result.spans);
  });

  it("trace-with-failed-requests.json: the failed calls carry status ERROR", () => {
    const { spans } = decode(read(path.join(dir, "trace-with-failed-requests.json")));
    const failed = spans.filter((s) => s.statusCode === 2);
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed.map((s) => s.service))).toEqual(new Set(["mythical-requester", "mythical-server"]));
  });

  it("trace-with-virtual-nodes.json: kinds, root span and peer.service", () => {
    const { spans } = decode(read(path.join(dir, "trace-with-virtual-nodes.json")));
    expect(spans.map((s) => [s.service, s.kind, s.parentSpanId === null, s.peerService])).toEqual([
      ["mythical-server", 2, true, null],
      ["mythical-requester", 3, false, "external-payments-platform"],
      ["internal-consumer", 5, true, "external-producer"],
    ]);
    expect(spans[0].traceId).toBe(Buffer.from("QpC1h3qZMN55u0KDZTmOzA==", "base64").toString("hex"));
  });
});

describe("decodeJsonTraceRequest dialects", () => {
  const now = { nowMs: NOW_MS };

  it("accepts snake_case keys, numbers for int64 and enum names, mixed in one request", () => {
    const request = {
      resource_spans: [
        {
          resource: { attributes: [{ key: "service.name", value: { string_value: "snake" } }] },
          scope_spans: [
            {
              spans: [
                {
                  trace_id: "0af7651916cd43dd8448eb211c80319c",
                  span_id: "b7ad6b7169203331",
                  parent_span_id: "",
                  kind: "SPAN_KIND_CLIENT",
                  start_time_unix_nano: (NOW_MS - 1000) * 1e6,
                  endTimeUnixNano: String((NOW_MS - 999) * 1e6),
                  attributes: [
                    { key: "http.response.status_code", value: { int_value: 503 } },
                    { key: "ratio", value: { double_value: "NaN" } },
                  ],
                  status: { code: "STATUS_CODE_ERROR", message: "boom" },
                },
              ],
            },
          ],
        },
      ],
    };
    const { spans, rejected } = decodeJsonTraceRequest(JSON.stringify(request), now);
    expect(rejected).toBe(0);
    expect(spans[0]).toMatchObject({
      service: "snake",
      parentSpanId: null,
      kind: 3,
      startUs: (NOW_MS - 1000) * 1000,
      durationUs: 1000,
      httpStatusCode: 503,
      statusCode: 2,
      statusMessage: "boom",
      attributes: { ratio: "NaN" },
    });
  });

  it("accepts bytes (Uint8Array) as well as a string, and an empty request", () => {
    const body = new TextEncoder().encode(JSON.stringify({ resourceSpans: [] }));
    expect(decodeJsonTraceRequest(body, now)).toEqual({ spans: [], rejected: 0, rejectionReasons: [] });
    expect(decodeJsonTraceRequest("{}", now).spans).toEqual([]);
  });

  it("ignores unknown fields, as the specification requires", () => {
    const request = { resourceSpans: [{ futureField: 1, scopeSpans: [{ spans: [jsonSpan({ futureSpanField: { x: 1 } })] }] }] };
    const { spans } = decodeJsonTraceRequest(JSON.stringify(request), now);
    expect(spans).toHaveLength(1);
    expect(spans[0].service).toBe("unknown_service");
  });
});

describe("decodeJsonTraceRequest on hostile or broken input", () => {
  const now = { nowMs: NOW_MS };
  const wrap = (spans: unknown[]) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });

  it.each([
    ["not JSON", "this is not json", "invalid_json"],
    ["truncated JSON", '{"resourceSpans":[{"scopeSpans":[', "invalid_json"],
    ["a JSON array", "[1,2]", "wrong_shape"],
    ["a JSON string", '"hello"', "wrong_shape"],
    ["resourceSpans not an array", '{"resourceSpans":{"a":1}}', "wrong_shape"],
    ["a resourceSpans entry not an object", '{"resourceSpans":[42]}', "wrong_shape"],
    ["scopeSpans not an array", '{"resourceSpans":[{"scopeSpans":"x"}]}', "wrong_shape"],
    ["resource attributes malformed", '{"resourceSpans":[{"resource":{"attributes":[7]}}]}', "wrong_shape"],
  ])("%s is a DecodeError", (_, body, code) => {
    expect(() => decodeJsonTraceRequest(body, now)).toThrow(expect.objectContaining({ name: "DecodeError", code }));
  });

  it("rejects malformed spans one by one and keeps the valid ones", () => {
    const good = jsonSpan();
    const body = wrap([
      7,
      jsonSpan({ attributes: "nope" }),
      jsonSpan({ attributes: [{ key: "n", value: { intValue: "12x" } }] }),
      jsonSpan({ events: [null] }),
      jsonSpan({ traceId: "not-an-id" }),
      jsonSpan({ traceId: "00000000000000000000000000000000" }),
      jsonSpan({ spanId: "0000000000000000" }),
      jsonSpan({ parentSpanId: "abc" }),
      jsonSpan({ startTimeUnixNano: "-5" }),
      good,
    ]);
    const result = decodeJsonTraceRequest(body, now);
    expect(result.spans.map((s) => s.spanId)).toEqual([good.spanId]);
    expect(result.rejected).toBe(9);
    expect(result.rejectionReasons).toEqual([
      `${Reject.malformed}: span is not an object: 1 span`,
      `${Reject.malformed}: attributes is not an array: 1 span`,
      `${Reject.malformed}: intValue is not an integer: 1 span`,
      `${Reject.malformed}: event is not an object: 1 span`,
      `${Reject.traceId}: 2 spans`,
    ]);
  });

  it("survives a 100,000-level nested attribute value without recursing into it", () => {
    let value = '{"stringValue":"bottom"}';
    for (let i = 0; i < 100_000; i++) value = `{"arrayValue":{"values":[${value}]}}`;
    const span = JSON.stringify(jsonSpan()).replace(/}$/, `,"attributes":[{"key":"deep","value":${value}}]}`);
    const { spans } = decodeJsonTraceRequest(`{"resourceSpans":[{"scopeSpans":[{"spans":[${span}]}]}]}`, now);
    let v: unknown = spans[0].attributes.deep;
    let depth = 0;
    while (Array.isArray(v)) {
      v = v[0];
      depth++;
    }
    expect(depth).toBe(8);
    expect(v).toBe("…[nested too deep]");
    expect(spans[0].truncated).toBe(true);
  });
});
