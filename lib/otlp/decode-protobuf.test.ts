import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { normalizedSpanSchema } from "@/lib/contracts/span";
import { Reject } from "./decode-context";
import { DecodeError } from "./decode-error";
import { decodeJsonTraceRequest } from "./decode-json";
import { decodeProtobufTraceRequest } from "./decode-protobuf";
import { jsonRequestToProtobuf } from "./testing/otlp-proto-schema";
import {
  fixed64Field, hexBytes, lenField, request, spanFields, stringAttribute, stringField, tag, varint, varintField,
} from "./testing/proto-bytes";
import { NOW_MS, START_NS } from "./testing/requests";

const repoRoot = path.resolve(__dirname, "../..");
const datasets = path.resolve(repoRoot, "../shared/datasets");
const haveDatasets = existsSync(datasets);
if (!haveDatasets) console.warn(`[lib/otlp] ${datasets} not found: dataset round-trip tests are skipped`);

const now = { nowMs: NOW_MS };
const START = BigInt(START_NS);
const decode = (body: Uint8Array) => decodeProtobufTraceRequest(body, now);

function fixtureFiles(): string[] {
  const vendored = ["otlp-example-trace.json", "jaeger-otel-traces-01.json"].map((f) => path.join(__dirname, "testdata", f));
  if (!haveDatasets) return vendored;
  const shared = ["jaeger-fixtures", "tempo-servicegraphs-testdata"].flatMap((dir) =>
    readdirSync(path.join(datasets, dir))
      .filter((f) => f.endsWith(".json"))
      .map((f) => path.join(datasets, dir, f))
      .filter((f) => readFileSync(f, "utf8").includes('"resourceSpans"')),
  );
  return [...vendored, ...shared];
}

describe("decodeProtobufTraceRequest round trip against the JSON decoder", () => {
  it.each(fixtureFiles().map((f) => [path.relative(repoRoot, f), f]))("%s", (_, file) => {
    const json = JSON.parse(readFileSync(file, "utf8"));
    const options = { nowMs: Date.now() };
    const fromJson = decodeJsonTraceRequest(JSON.stringify(json), options);
    const fromProtobuf = decodeProtobufTraceRequest(jsonRequestToProtobuf(json), options);
    expect(fromJson.spans.length).toBeGreaterThan(0);
    expect(fromProtobuf).toEqual(fromJson);
  });
});

describe("decodeProtobufTraceRequest on what the OpenTelemetry JS SDK sends", () => {
  it("decodes the SDK's protobuf and JSON serialisations of the same spans to the same rows", () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": "checkout", "k8s.deployment.name": "checkout-v2", "host.ip": ["10.0.0.7"] }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer("strata-test", "9.9.9");
    const parent = tracer.startSpan("POST /pay", { kind: 1, attributes: { "http.request.method": "POST", "http.route": "/pay" } });
    parent.setStatus({ code: 2, message: "card declined" });
    parent.addEvent("exception", { "exception.type": "CardError", "exception.message": "declined" });
    parent.end();
    const client = tracer.startSpan("payments/Charge", {
      kind: 2,
      attributes: { "rpc.system": "grpc", "rpc.service": "payments.Payments", "rpc.method": "Charge", "rpc.grpc.status_code": 14, big: 2 ** 60, list: [1, 2, 3], f: 0.25, yes: true },
      links: [{ context: parent.spanContext(), attributes: { why: "retry" } }],
    });
    client.end();
    const finished = exporter.getFinishedSpans();

    const fromProtobuf = decodeProtobufTraceRequest(ProtobufTraceSerializer.serializeRequest(finished)!);
    const fromJson = decodeJsonTraceRequest(JsonTraceSerializer.serializeRequest(finished)!);
    expect(fromProtobuf).toEqual(fromJson);
    expect(fromProtobuf.rejected).toBe(0);

    const [server, rpc] = fromProtobuf.spans;
    for (const row of fromProtobuf.spans) expect(normalizedSpanSchema.parse(row)).toEqual(row);
    expect(server).toMatchObject({
      traceId: parent.spanContext().traceId,
      spanId: parent.spanContext().spanId,
      parentSpanId: null,
      flags: 0x101, // sampled, and "parent is known not remote" (bits 8 and 9)
      name: "POST /pay",
      kind: 2, // API SERVER (1) is OTLP SPAN_KIND_SERVER (2)
      statusCode: 2,
      statusMessage: "card declined",
      service: "checkout",
      k8sWorkload: "checkout-v2",
      hostIp: "10.0.0.7",
      httpMethod: "POST",
      httpRoute: "/pay",
      attributes: { "otel.scope.name": "strata-test", "otel.scope.version": "9.9.9" },
      events: [{ name: "exception", attributes: { "exception.type": "CardError", "exception.message": "declined" } }],
    });
    expect(server.resourceAttributes).not.toHaveProperty("host.ip");
    expect(server.startUs).toBe(Math.floor(finished[0].startTime[0] * 1e6 + finished[0].startTime[1] / 1e3));
    expect(rpc).toMatchObject({
      kind: 3,
      rpcSystem: "grpc",
      rpcMethod: "payments.Payments/Charge",
      rpcStatus: "UNAVAILABLE",
      attributes: { big: "1152921504606846976", list: [1, 2, 3], f: 0.25, yes: true }, // 2^60: past 2^53, so text
      links: [{ traceId: parent.spanContext().traceId, spanId: parent.spanContext().spanId, attributes: { why: "retry" } }],
    });
    // Spans without events or links share one empty list each: one span's items never show up
    // in another's.
    expect(server.links).toEqual([]);
    expect(rpc.events).toEqual([]);
  });
});

describe("decodeProtobufTraceRequest field order and unknown fields", () => {
  it("reads a resource that follows its spans, and a value that precedes its key", () => {
    const attribute = [...lenField(2, stringField(1, "GET")), ...stringField(1, "http.request.method")];
    const span = [...spanFields({ spanId: "00f067aa0ba902b7", startNs: START }), ...lenField(9, attribute)];
    const resource = lenField(1, lenField(1, stringAttribute("service.name", "late-resource")));
    const body = Uint8Array.from(lenField(1, [...lenField(2, lenField(2, span)), ...resource]));
    const { spans } = decode(body);
    expect(spans[0]).toMatchObject({ service: "late-resource", httpMethod: "GET", spanId: "00f067aa0ba902b7" });
  });

  it("skips unknown fields of every wire type at every level", () => {
    const unknown = [
      ...varintField(90, -1),
      ...tag(91, 1), 1, 2, 3, 4, 5, 6, 7, 8,
      ...lenField(92, [1, 2, 3]),
      ...tag(93, 3), ...varintField(1, 5), ...tag(93, 4),
      ...tag(94, 5), 1, 2, 3, 4,
    ];
    const span = [...unknown, ...spanFields({ spanId: "00f067aa0ba902b7", startNs: START }), ...unknown];
    const resource = lenField(1, [...unknown, ...lenField(1, stringAttribute("service.name", "svc")), ...unknown]);
    const body = Uint8Array.from([...unknown, ...lenField(1, [...unknown, ...resource, ...lenField(2, [...unknown, ...lenField(2, span)])])]);
    const result = decode(body);
    expect(result.rejected).toBe(0);
    expect(result.spans).toHaveLength(1);
    expect(result.spans[0].service).toBe("svc");
  });
});

/**
 * AnyValue { kvlist_value { values { key: "k", value: <the same again> } } }, `levels` deep.
 * Every level is a prefix of the next, so the bytes are built inside out in linear time.
 */
function nestedKvlist(levels: number): number[] {
  const prefixes: number[][] = [];
  let size = stringField(1, "bottom").length;
  for (let i = 0; i < levels; i++) {
    const keyValue = [...stringField(1, "k"), ...tag(2, 2), ...varint(size)];
    const kvSize = keyValue.length + size;
    const list = [...tag(1, 2), ...varint(kvSize)];
    const any = [...tag(6, 2), ...varint(list.length + kvSize)];
    prefixes.push([...any, ...list, ...keyValue]);
    size = any.length + list.length + kvSize;
  }
  return [...prefixes.reverse().flat(), ...stringField(1, "bottom")];
}

describe("decodeProtobufTraceRequest on hostile input", () => {
  const validSpan = (spanId: string) => spanFields({ spanId, startNs: START });
  const SURVIVOR = "00f067aa0ba902b7";

  it("treats an empty body as an empty request, and garbage as a DecodeError", () => {
    expect(decode(new Uint8Array(0))).toEqual({ spans: [], rejected: 0, rejectionReasons: [] });
    const garbage = [
      new TextEncoder().encode('{"resourceSpans":[]}'), // JSON sent as protobuf
      new TextEncoder().encode("hello world"),
      Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]), // length prefix of 4 GiB
      Uint8Array.from([0x08, 0x01]), // field 1 as a varint: wrong wire type
      Uint8Array.from([0x50, 0x01]), // only an unknown field: not a trace request
    ];
    for (const body of garbage) expect(() => decode(body), Buffer.from(body).toString("hex")).toThrow(DecodeError);
  });

  it("throws only DecodeError for every truncation of a real request, and never hangs", () => {
    const body = jsonRequestToProtobuf(JSON.parse(readFileSync(path.join(__dirname, "testdata", "jaeger-otel-traces-01.json"), "utf8")));
    let errors = 0;
    for (let cut = 1; cut < body.length; cut++) {
      try {
        const result = decodeProtobufTraceRequest(body.subarray(0, cut), now);
        expect(result.spans.length + result.rejected).toBeLessThanOrEqual(4);
      } catch (error) {
        expect(error).toBeInstanceOf(DecodeError);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(body.length * 0.9);
  });

  it("survives 3,000 random mutations with a DecodeError or schema-valid rows", () => {
    const body = jsonRequestToProtobuf(JSON.parse(readFileSync(path.join(__dirname, "testdata", "jaeger-otel-traces-01.json"), "utf8")));
    let seed = 42;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 3000; i++) {
      const mutated = Uint8Array.from(body);
      for (let k = 0; k <= random(4); k++) mutated[random(mutated.length)] = random(256);
      try {
        for (const row of decodeProtobufTraceRequest(mutated, { nowMs: Date.now() }).spans) normalizedSpanSchema.parse(row);
      } catch (error) {
        expect(error).toBeInstanceOf(DecodeError);
      }
    }
  });

  it("rejects a span with a wrong wire type or a lying inner length, and keeps its neighbours", () => {
    const wrongWireType = [...varintField(1, 7), ...validSpan("1111111111111111").slice(18)]; // trace_id as a varint
    const lyingAttribute = [...validSpan("2222222222222222"), ...tag(9, 2), 0x40, ...stringField(1, "k")]; // 64 bytes claimed, 3 present
    const result = decode(request([wrongWireType, lyingAttribute, validSpan(SURVIVOR)]));
    expect(result.spans.map((s) => s.spanId)).toEqual([SURVIVOR]);
    expect(result.rejected).toBe(2);
    expect(result.rejectionReasons).toEqual([
      `${Reject.malformed} (invalid_wire_type): 1 span`,
      `${Reject.malformed} (truncated): 1 span`,
    ]);
  });

  it("rejects invalid ids and absurd times, counting each reason", () => {
    const spans = [
      spanFields({ traceId: "0af7651916cd43dd8448eb211c8031", spanId: "3333333333333333", startNs: START }), // 15-byte trace id
      spanFields({ traceId: "00000000000000000000000000000000", spanId: "4444444444444444", startNs: START }),
      spanFields({ spanId: "0000000000000000", startNs: START }),
      [...validSpan("5555555555555555"), ...lenField(4, hexBytes("0102030405060708ff"))], // 9-byte parent
      spanFields({ spanId: "6666666666666666", startNs: 1_000_000_000n }), // 1970
      spanFields({ spanId: "7777777777777777", startNs: BigInt(NOW_MS + 2 * 86_400_000) * 1_000_000n }),
      [...validSpan("8888888888888888"), ...fixed64Field(8, START - 1n)], // end before start
      [...validSpan("9999999999999999"), ...lenField(4, hexBytes("0000000000000000"))], // zero parent = root
      validSpan(SURVIVOR),
    ];
    const result = decode(request(spans));
    expect(result.spans.map((s) => [s.spanId, s.parentSpanId])).toEqual([["9999999999999999", null], [SURVIVOR, null]]);
    expect(result.rejected).toBe(7);
    expect(result.rejectionReasons).toEqual([
      `${Reject.traceId}: 2 spans`,
      `${Reject.spanId}: 1 span`,
      `${Reject.parentSpanId}: 1 span`,
      "start time before 2000-01-01: 1 span",
      "start time more than 1 day in the future: 1 span",
    ]);
  });

  it("cuts a 1 MB attribute value to the limit with a marker", () => {
    const huge = "x".repeat(1_000_000);
    const span = [...validSpan(SURVIVOR), ...lenField(9, stringAttribute("db.statement", huge)), ...lenField(9, stringAttribute("note", huge))];
    const [row] = decode(request([span])).spans;
    expect(row.truncated).toBe(true);
    expect(row.dbStatement).toBe(`${"x".repeat(4096)}…[truncated ${1_000_000 - 4096} chars]`);
    expect(row.attributes.note).toBe(row.dbStatement);
  });

  it("replaces an AnyValue nested 50,000 deep by a marker, without recursing", () => {
    const value = nestedKvlist(50_000);
    const span = [...validSpan(SURVIVOR), ...lenField(9, [...stringField(1, "deep"), ...lenField(2, value)])];
    const [row] = decode(request([span])).spans;
    let v: unknown = row.attributes.deep;
    let depth = 0;
    while (typeof v === "object" && v !== null) {
      v = (v as Record<string, unknown>).k;
      depth++;
    }
    expect(depth).toBe(8);
    expect(v).toBe("…[nested too deep]");
    expect(row.truncated).toBe(true);
  });

  it("keeps int64 attribute values exact: a number when safe, else a decimal string", () => {
    const intAttr = (key: string, n: bigint) => lenField(9, [...stringField(1, key), ...lenField(2, [...tag(3, 0), ...varint(n)])]);
    const span = [...validSpan(SURVIVOR), ...intAttr("safe", 2n ** 53n - 1n), ...intAttr("big", 2n ** 63n - 1n), ...intAttr("neg", -42n)];
    const [row] = decode(request([span])).spans;
    expect(row.attributes).toMatchObject({ safe: 2 ** 53 - 1, big: "9223372036854775807", neg: -42 });
  });
});
