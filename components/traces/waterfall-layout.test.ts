import { describe, expect, it } from "vitest";
import type { TraceSpan } from "@/lib/contracts/traces";
import { criticalPath, layoutWaterfall, timeTicks, visibleRows } from "./waterfall-layout";

const span = (spanId: string, parentSpanId: string | null, startUs: number, durationUs: number): TraceSpan => ({
  spanId, parentSpanId, service: "s", name: spanId, kind: 1, startUs, durationUs, statusCode: 0, statusMessage: null,
  isError: false, attributes: {}, resource: {}, events: [], links: [],
});

describe("layoutWaterfall", () => {
  it("orders depth-first under parents and places bars on the trace's extent", () => {
    const { rows, durationUs } = layoutWaterfall([span("c2", "a", 60, 10), span("a", null, 0, 100), span("c1", "a", 10, 40), span("g", "c1", 20, 5)]);
    expect(durationUs).toBe(100);
    expect(rows.map((r) => [r.span.spanId, r.depth, r.parentId, r.childCount])).toEqual([
      ["a", 0, null, 2], ["c1", 1, "a", 1], ["g", 2, "c1", 0], ["c2", 1, "a", 0],
    ]);
    expect(rows[1]).toMatchObject({ offset: 0.1, width: 0.4 });
  });
  it("shows orphans as roots and survives a parent cycle", () => {
    const { rows } = layoutWaterfall([span("x", "missing", 0, 1), span("p", "q", 0, 1), span("q", "p", 0, 1)]);
    expect(rows.map((r) => r.span.spanId).sort()).toEqual(["p", "q", "x"]);
  });
  it("lays out a 5,000-deep chain without overflowing the stack", () => {
    const chain = Array.from({ length: 5000 }, (_, i) => span(`s${i}`, i === 0 ? null : `s${i - 1}`, i, 5000 - i));
    const { rows } = layoutWaterfall(chain);
    expect(rows).toHaveLength(5000);
    expect(rows[4999]).toMatchObject({ depth: 4999 });
  });
});

describe("visibleRows", () => {
  const layout = layoutWaterfall([span("a", null, 0, 100), span("b", "a", 0, 50), span("c", "b", 0, 10), span("d", "a", 60, 10), span("e", null, 0, 5)]);
  it("hides every descendant of a collapsed span, and only those", () => {
    expect(visibleRows(layout.rows, new Set(["b"])).map((r) => r.span.spanId)).toEqual(["a", "b", "d", "e"]);
    expect(visibleRows(layout.rows, new Set(["a"])).map((r) => r.span.spanId)).toEqual(["a", "e"]);
    expect(visibleRows(layout.rows, new Set(["a", "b"])).map((r) => r.span.spanId)).toEqual(["a", "e"]);
  });
  it("ignores a collapsed leaf", () => {
    expect(visibleRows(layout.rows, new Set(["c"]))).toHaveLength(5);
  });
});

describe("criticalPath", () => {
  it("follows the children the parent's end waits on, walking back from the end", () => {
    // root 0–100; b 10–40 and c 50–95 run one after the other; d 20–30 runs inside b, beside e 15–38.
    const layout = layoutWaterfall([
      span("root", null, 0, 100), span("b", "root", 10, 30), span("c", "root", 50, 45),
      span("d", "b", 20, 10), span("e", "b", 15, 23), span("idle", "root", 12, 5),
    ]);
    expect([...criticalPath(layout)].sort()).toEqual(["b", "c", "e", "root"]);
  });
  it("keeps an asynchronous child that outlives its parent, clamped to the parent's end", () => {
    const layout = layoutWaterfall([span("root", null, 0, 10), span("late", "root", 5, 100)]);
    expect(criticalPath(layout)).toEqual(new Set(["root", "late"]));
  });
});

describe("timeTicks", () => {
  it("uses a nice step and covers the whole duration", () => {
    expect(timeTicks(1000, 5).map((t) => t.us)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(timeTicks(7300, 6).map((t) => t.us)).toEqual([0, 2000, 4000, 6000]);
    expect(timeTicks(0)).toEqual([{ offset: 0, us: 0 }]);
  });
});
