import { describe, expect, it } from "vitest";
import { compareDelta, compareGraphs } from "./graph-compare";
import { testEdge as edge, testGraph as graph, testNode as node } from "./graph-fixtures";

describe("compareGraphs", () => {
  const base = graph([node("web"), node("old")], [edge("service:web", "service:old", { calls: 120 }), edge("service:web", "service:api")], { fromMs: -3_600_000, toMs: -3_540_000 });
  const now = graph([node("web"), node("api"), node("new")], [edge("service:web", "service:api", { errors: 30 }), edge("service:web", "service:new")]);
  const out = compareGraphs(now, base);
  const byId = new Map(out.edges.map((e) => [e.id, e]));

  it("marks new and both, and adds what only the baseline had as vanished with zero traffic", () => {
    expect(byId.get("service:web->service:new:http")!.compare).toEqual({ status: "new", baseline: null });
    expect(byId.get("service:web->service:api:http")!.compare).toEqual({ status: "both", baseline: { ratePerSec: 1, errorRate: 0, p95Ms: 20 } });
    expect(byId.get("service:web->service:old:http")).toMatchObject({ calls: 0, ratePerSec: 0, compare: { status: "vanished", baseline: { ratePerSec: 2 } } });
    expect(out.nodes.find((n) => n.id === "service:old")!.compare!.status).toBe("vanished");
    expect(out.nodes.find((n) => n.id === "service:api")!.compare!.status).toBe("new");
    expect(out.baseline).toEqual({ fromMs: -3_600_000, toMs: -3_540_000 });
    expect(out.edges.map((e) => e.id)).toEqual([...out.edges.map((e) => e.id)].sort());
  });
});

describe("compareDelta", () => {
  const base = { ratePerSec: 1, errorRate: 0.01, p95Ms: 100 };
  it("calls a p95 change significant from 20% and 5 ms, an error change from one point", () => {
    expect(compareDelta({ errorRate: 0.01, p95Ms: 119 }, base)).toMatchObject({ p95Significant: false, trend: "same" });
    expect(compareDelta({ errorRate: 0.01, p95Ms: 130 }, base)).toMatchObject({ p95DeltaMs: 30, p95Significant: true, trend: "worse" });
    expect(compareDelta({ errorRate: 0.005, p95Ms: 50 }, base)).toMatchObject({ p95Significant: true, errSignificant: false, trend: "better" });
    expect(compareDelta({ errorRate: 0.03, p95Ms: 60 }, base).trend).toBe("worse"); // errors win over a faster p95
    expect(compareDelta({ errorRate: 0.01, p95Ms: 3 }, { ...base, p95Ms: 1 })).toMatchObject({ p95Significant: false }); // 2 ms is noise
    expect(compareDelta({ errorRate: 0, p95Ms: null }, base)).toMatchObject({ p95DeltaMs: null, p95Significant: false });
  });
});
