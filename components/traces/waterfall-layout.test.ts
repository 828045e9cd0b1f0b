import { describe, expect, it } from "vitest";
import type { TraceSpan } from "@/lib/contracts/traces";
import { layoutWaterfall } from "./waterfall-layout";

describe("layoutWaterfall", () => {
  const span = (spanId: string, parentSpanId: string | null, startUs: number, durationUs: number): TraceSpan => ({
    spanId, parentSpanId, service: "s", name: spanId, kind: 1, startUs, durationUs, statusCode: 0, statusMessage: null,
    isError: false, attributes: {}, events: [], links: [],
  });
  it("orders depth-first under parents and places bars on the trace's extent", () => {
    const { rows, durationUs } = layoutWaterfall([span("c2", "a", 60, 10), span("a", null, 0, 100), span("c1", "a", 10, 40), span("g", "c1", 20, 5)]);
    expect(durationUs).toBe(100);
    expect(rows.map((r) => [r.span.spanId, r.depth])).toEqual([["a", 0], ["c1", 1], ["g", 2], ["c2", 1]]);
    expect(rows[1]).toMatchObject({ offset: 0.1, width: 0.4 });
  });
  it("shows orphans as roots and survives a parent cycle", () => {
    const { rows } = layoutWaterfall([span("x", "missing", 0, 1), span("p", "q", 0, 1), span("q", "p", 0, 1)]);
    expect(rows.map((r) => r.span.spanId).sort()).toEqual(["p", "q", "x"]);
  });
});
