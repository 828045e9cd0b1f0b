import { describe, expect, it } from "vitest";
import { testEdge as edge, testGraph as graph, testNode as node } from "@/lib/diagram/graph-fixtures";
import { drawnNodeCount, groupGraph, groupId, groupIds } from "./grouping";

// shop: web, api (with one operation); pay: bank; pg has no namespace.
const g = graph(
  [
    node("web", { namespace: "shop", cluster: "eu", calls: 60, errors: 0 }),
    node("api", { namespace: "shop", cluster: "eu", calls: 120, errors: 12 }),
    node("GET /a", { id: "operation:3:api/GET /a", kind: "operation", parent: "service:api", service: "api", namespace: "shop", cluster: "eu" }),
    node("bank", { namespace: "pay", cluster: "us" }),
    node("pg", { kind: "database", namespace: null, cluster: "eu" }),
  ],
  [
    edge("service:web", "service:api", { calls: 60, errors: 6, latency: { p50Ms: 1, p95Ms: 10, p99Ms: 20, meanMs: 2 } }),
    edge("service:web", "service:bank", { calls: 30, latency: { p50Ms: 1, p95Ms: 40, p99Ms: 50, meanMs: 2 } }),
    edge("service:api", "service:bank", { kind: "grpc", calls: 90, errors: 3, latency: { p50Ms: 1, p95Ms: 90, p99Ms: 95, meanMs: 2 }, network: { bytesPerSec: 10, flows: 2, rejects: 1, drops: 0, retransmits: 0 } }),
    edge("service:api", "database:pg", { kind: "database" }),
  ],
);
const SHOP = groupId("namespace", "shop");
const PAY = groupId("namespace", "pay");

describe("groupGraph", () => {
  it("without grouping returns the graph unchanged", () => {
    expect(groupGraph(g, "none", new Set())).toBe(g);
  });

  it("expanded: compound group nodes hold top-level members; operations stay in their service; virtual nodes stay out", () => {
    const out = groupGraph(g, "namespace", new Set());
    const parent = new Map(out.nodes.map((n) => [n.id, n.parent]));
    expect(parent.get("service:web")).toBe(SHOP);
    expect(parent.get("service:api")).toBe(SHOP);
    expect(parent.get("operation:3:api/GET /a")).toBe("service:api");
    expect(parent.get("service:bank")).toBe(PAY);
    expect(parent.get("database:pg")).toBeUndefined();
    expect(out.nodes.find((n) => n.id === SHOP)).toMatchObject({ kind: "group", groupBy: "namespace", collapsed: false, members: 2, calls: 180, errors: 12 });
    expect(out.edges).toEqual(g.edges);
    expect(drawnNodeCount(out)).toBe(5);
  });

  it("collapsed: one node for the group, edges re-pointed and merged, internal edges counted", () => {
    const out = groupGraph(g, "namespace", new Set([SHOP]));
    expect(out.nodes.map((n) => n.id).sort()).toEqual(["database:pg", PAY, SHOP, "service:bank"].sort());
    const shop = out.nodes.find((n) => n.id === SHOP)!;
    expect(shop).toMatchObject({ collapsed: true, internalEdges: 1, errorRate: 12 / 180 });
    const merged = out.edges.find((e) => e.id === `${SHOP}->service:bank:grouped`)!;
    expect(merged).toMatchObject({ source: SHOP, target: "service:bank", kind: "mixed", merged: 2, calls: 120, errors: 3, errorRate: 3 / 120 });
    expect(merged.latency.p95Ms).toBe(90); // the worst member
    expect(merged.network).toMatchObject({ flows: 2, rejects: 1 });
    expect(out.edges.find((e) => e.id === `${SHOP}->database:pg:grouped`)).toMatchObject({ merged: 1, kind: "database" });
    expect(drawnNodeCount(out)).toBe(3); // the expanded pay group is a frame, not a node
  });

  it("by cluster, and the list of group ids for collapse-all", () => {
    const out = groupGraph(g, "cluster", new Set([groupId("cluster", "eu")]));
    // pg belongs to cluster eu (its busiest caller's): collapsed with it.
    expect(out.nodes.map((n) => n.id).sort()).toEqual(["group:cluster:eu", "group:cluster:us", "service:bank"]);
    expect(groupIds(g, "cluster")).toEqual(["group:cluster:eu", "group:cluster:us"]);
    expect(groupIds(g, "namespace")).toEqual([PAY, SHOP]);
    expect(groupIds(g, "none")).toEqual([]);
  });

  it("a merged edge is new only when all its members are", () => {
    const withCompare = graph(g.nodes, [
      edge("service:web", "service:bank", { compare: { status: "new", baseline: null } }),
      edge("service:api", "service:bank", { compare: { status: "both", baseline: { ratePerSec: 1, errorRate: 0, p95Ms: 5 } } }),
      edge("service:api", "database:pg", { kind: "database", compare: { status: "new", baseline: null } }),
    ]);
    const out = groupGraph(withCompare, "namespace", new Set([SHOP]));
    expect(out.edges.find((e) => e.target === "service:bank")!.compare).toBeUndefined();
    expect(out.edges.find((e) => e.target === "database:pg")!.compare).toEqual({ status: "new", baseline: null });
  });
});
