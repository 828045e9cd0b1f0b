import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SpanKind, type NormalizedSpan } from "@/lib/contracts/span";
import { encodeCopyRows } from "@/lib/db/copy-text";
import { decodeJsonTraceRequest, isErrorSpan } from "@/lib/otlp";
import { makeSpan } from "@/lib/pairing/testing/make-span";
import { encodeSpanRows, SPAN_COLUMNS, spanRow } from "./span-rows";

// The Buffer writer must produce exactly the bytes of the generic value-by-value encoder.
function reference(clusterId: number, spans: NormalizedSpan[]): Buffer {
  return Buffer.from(encodeCopyRows(spans.map((s) => spanRow(clusterId, s, isErrorSpan(s)))), "utf8");
}

const hostile = "a\tb\nc\rd\\e'); DROP TABLE spans; --\u0000 é 😀";

describe("span rows in COPY text", () => {
  it("has one value per column", () => {
    expect(spanRow(1, makeSpan(), false)).toHaveLength(SPAN_COLUMNS.length);
  });

  it("writes the same bytes as the generic encoder for decoded OTLP samples", () => {
    const dir = path.join(process.cwd(), "lib", "otlp", "testdata");
    for (const file of ["otlp-example-trace.json", "jaeger-otel-traces-01.json"]) {
      const body = readFileSync(path.join(dir, file));
      const spans = decodeJsonTraceRequest(body, { nowMs: Date.UTC(2030, 0, 1) }).spans;
      expect(spans.length).toBeGreaterThan(0);
      expect(encodeSpanRows(7, spans, isErrorSpan).equals(reference(7, spans))).toBe(true);
    }
  });

  it("escapes hostile text, NUL and non-ASCII in every kind of field exactly as the generic encoder", () => {
    const shared = { "service.name": hostile, nested: { k: [hostile, 1.5, null, true] } };
    const spans = [
      makeSpan({ name: hostile, statusMessage: hostile, service: "é-svc", httpRoute: "x".repeat(300) + hostile }),
      makeSpan({
        kind: SpanKind.CLIENT, httpStatusCode: 503, serverPort: 65535, networkPeerPort: 0, flags: 0x301,
        startUs: 1_700_000_000_999_999, durationUs: 0, dbStatement: "y".repeat(5000),
        attributes: { [hostile]: hostile, n: -3.25, big: 2 ** 60 }, resourceAttributes: shared,
        events: [{ timeUs: 1, name: hostile, attributes: { "exception.message": "line1\nline2" } }],
        links: [{ traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "00f067aa0ba902b7", attributes: {} }],
        truncated: true,
      }),
      makeSpan({ resourceAttributes: shared, durationUs: Number.NaN, httpStatusCode: -1 }),
    ];
    const bytes = encodeSpanRows(42, spans, isErrorSpan);
    expect(bytes.equals(reference(42, spans))).toBe(true);
    expect(bytes.toString("utf8").split("\n")).toHaveLength(spans.length + 1); // no row broken by input
  });

  it("writes nothing for no spans", () => {
    expect(encodeSpanRows(1, [], isErrorSpan).length).toBe(0);
  });
});
