import { describe, expect, it } from "vitest";
import type { NormalizedFlow } from "@/lib/contracts/flow";
import { SpanKind, StatusCode } from "@/lib/contracts/span";
import { emptySpan } from "@/lib/pairing/testing/make-span";
import { connectionFraction, sampleFlows, sampleSpans, traceFraction } from "./tail-sampler";

const traceId = (n: number) => n.toString(16).padStart(32, "0");
const span = (trace: number, patch: Partial<ReturnType<typeof emptySpan>> = {}) => ({ ...emptySpan(), traceId: traceId(trace), ...patch });

describe("tail-first sampling under pressure", () => {
  it("keeps every span of a trace with an error or a slow span, and a stable share of the rest", () => {
    const spans = [];
    for (let t = 0; t < 2000; t++) spans.push(span(t * 2_654_435_761), span(t * 2_654_435_761));
    spans.push(span(7, { statusCode: StatusCode.ERROR }), span(7), span(8, { kind: SpanKind.SERVER, httpStatusCode: 503 }), span(9, { durationUs: 2_000_000 }), span(9));
    const policy = { keepRatio: 0.1, slowThresholdUs: 1_000_000 };
    const { kept, sampledOut } = sampleSpans(spans, policy);
    const keptTraces = new Set(kept.map((s) => s.traceId));
    for (const t of [7, 8, 9]) expect(keptTraces.has(traceId(t))).toBe(true);
    expect(kept.filter((s) => s.traceId === traceId(9))).toHaveLength(2);
    const healthyKept = kept.filter((s) => ![7, 8, 9].map(traceId).includes(s.traceId)).length / 2;
    expect(healthyKept / 2000).toBeGreaterThan(0.07);
    expect(healthyKept / 2000).toBeLessThan(0.13);
    expect(kept.length + sampledOut).toBe(spans.length);
    // A trace's verdict is the same in every batch: the two spans of each trace go together.
    for (const id of keptTraces) if (id !== traceId(8)) expect(kept.filter((s) => s.traceId === id)).toHaveLength(2);
    expect(sampleSpans(spans, policy).kept.map((s) => s.spanId)).toEqual(kept.map((s) => s.spanId));
  });

  it("maps trace ids to [0, 1) from their random low bits", () => {
    expect(traceFraction("0".repeat(32))).toBe(0);
    expect(traceFraction(`${"0".repeat(24)}ffffffff`)).toBeLessThan(1);
    expect(traceFraction(`${"0".repeat(24)}80000000`)).toBe(0.5);
  });
});

describe("raw flow sampling", () => {
  const flow = (n: number, verdict: "accept" | "reject" = "accept", l7Status: number | null = null) =>
    ({ srcAddr: `10.0.${n >> 8}.${n & 255}`, dstAddr: "10.1.0.1", srcPort: 40000 + (n % 1000), dstPort: 443, verdict, l7Status }) as unknown as NormalizedFlow;

  it("keeps every rejected flow and L7 error, healthy flows at the ratio, both directions of a connection alike", () => {
    const flows = [...Array.from({ length: 4000 }, (_, i) => flow(i)), flow(1, "reject"), flow(2, "accept", 503)];
    const { kept, sampledOut } = sampleFlows(flows, 0.05);
    expect(kept).toContain(flows[4000]);
    expect(kept).toContain(flows[4001]);
    expect(kept.length / 4000).toBeGreaterThan(0.03);
    expect(kept.length / 4000).toBeLessThan(0.08);
    expect(kept.length + sampledOut).toBe(flows.length);
    const f = flows[17];
    const reverse = { ...f, srcAddr: f.dstAddr, dstAddr: f.srcAddr, srcPort: f.dstPort, dstPort: f.srcPort };
    expect(connectionFraction(reverse)).toBe(connectionFraction(f));
    expect(sampleFlows(flows, 1).kept).toHaveLength(flows.length);
  });
});
