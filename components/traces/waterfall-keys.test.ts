import { describe, expect, it } from "vitest";
import type { TraceSpan } from "@/lib/contracts/traces";
import { treeKeyAction } from "./waterfall-keys";
import { layoutWaterfall, visibleRows } from "./waterfall-layout";

const span = (spanId: string, parentSpanId: string | null, startUs: number): TraceSpan => ({
  spanId, parentSpanId, service: "s", name: spanId, kind: 1, startUs, durationUs: 10, statusCode: 0, statusMessage: null,
  isError: false, attributes: {}, resource: {}, events: [], links: [],
});
const { rows } = layoutWaterfall([span("a", null, 0), span("b", "a", 1), span("c", "b", 2), span("d", "a", 3)]);

describe("treeKeyAction", () => {
  it("moves up and down, and jumps to the ends", () => {
    expect(treeKeyAction("ArrowDown", rows, "a", new Set())).toEqual({ type: "select", spanId: "b" });
    expect(treeKeyAction("ArrowUp", rows, "a", new Set())).toBeNull();
    expect(treeKeyAction("End", rows, "b", new Set())).toEqual({ type: "select", spanId: "d" });
    expect(treeKeyAction("ArrowDown", rows, null, new Set())).toEqual({ type: "select", spanId: "a" });
  });
  it("→ expands a collapsed span, else steps into it; ← collapses, else steps to the parent", () => {
    const collapsed = new Set(["b"]);
    const visible = visibleRows(rows, collapsed);
    expect(treeKeyAction("ArrowRight", visible, "b", collapsed)).toEqual({ type: "expand", spanId: "b" });
    expect(treeKeyAction("ArrowRight", rows, "b", new Set())).toEqual({ type: "select", spanId: "c" });
    expect(treeKeyAction("ArrowLeft", rows, "b", new Set())).toEqual({ type: "collapse", spanId: "b" });
    expect(treeKeyAction("ArrowLeft", visible, "b", collapsed)).toEqual({ type: "select", spanId: "a" });
    expect(treeKeyAction("ArrowLeft", rows, "c", new Set())).toEqual({ type: "select", spanId: "b" });
    expect(treeKeyAction("ArrowRight", rows, "d", new Set())).toBeNull();
  });
});
