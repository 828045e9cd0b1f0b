import { describe, expect, it } from "vitest";
import type { Graph, GraphEdge, GraphNode } from "@/lib/contracts/graph";
import { diffElements } from "./element-diff";
import { toElements, type ElementDef } from "./elements";
import { placeNear } from "./placement";

const latency = { p50Ms: 5, p95Ms: 20, p99Ms: 30, meanMs: 6 };
const node = (name: string, kind: GraphNode["kind"] = "service", calls = 10, errors = 0): GraphNode => ({
  id: `${kind}:${name}`, name, kind, calls, errors, ratePerSec: calls / 60, errorRate: calls ? errors / calls : 0, latency,
});
const edge = (s: string, t: string, kind: string, calls = 10, errors = 0): GraphEdge => ({
  id: `${s}->${t}:${kind}`, source: s, target: t, kind, calls, errors, ratePerSec: calls / 60, errorRate: calls ? errors / calls : 0,
  latency, clientLatency: latency, exemplars: [],
});
const graph = (nodes: GraphNode[], edges: GraphEdge[]): Graph => ({ layer: "service", fromMs: 0, toMs: 60_000, nodes, edges });

const onCanvas = (els: ElementDef[]) => new Map(els.map((e) => [e.data.id, { ...e.data } as Record<string, unknown>]));

describe("toElements", () => {
  it("maps nodes then edges with ids, kinds, health colour and labels", () => {
    const els = toElements(graph([node("web"), node("pg", "database", 0), node("api", "service", 10, 5)], [edge("service:web", "service:api", "http", 60, 30), edge("service:api", "database:pg", "messaging")]));
    expect(els.map((e) => e.group)).toEqual(["nodes", "nodes", "nodes", "edges", "edges"]);
    const api = els.find((e) => e.data.id === "service:api")!.data;
    expect(api).toMatchObject({ kind: "service", health: "bad" });
    expect(api.label).toMatch(/^✖ api\n/);
    expect(els.find((e) => e.data.id === "database:pg")!.data).toMatchObject({ kind: "database", health: "idle", label: "pg" });
    const web2api = els.find((e) => e.data.id === "service:web->service:api:http")!.data;
    expect(web2api).toMatchObject({ source: "service:web", target: "service:api", health: "bad", async: false });
    expect(web2api.label).toBe("✖ 1.00 req/s · 50% · p95 20 ms");
    expect(els.find((e) => e.data.id === "service:api->database:pg:messaging")!.data.async).toBe(true);
  });
});

describe("diffElements", () => {
  const before = toElements(graph([node("web"), node("api")], [edge("service:web", "service:api", "http")]));

  it("an unchanged graph yields an empty patch", () => {
    const patch = diffElements(onCanvas(before), before);
    expect(patch).toEqual({ add: [], remove: [], update: [], topologyChanged: false });
  });

  it("metrics-only changes are updates, never topology changes", () => {
    const after = toElements(graph([node("web"), node("api", "service", 20, 10)], [edge("service:web", "service:api", "http", 99, 50)]));
    const patch = diffElements(onCanvas(before), after);
    expect(patch.topologyChanged).toBe(false);
    expect(patch.update.map((u) => u.id).sort()).toEqual(["service:api", "service:web->service:api:http"]);
    expect(patch.update.find((u) => u.id === "service:api")!.data.health).toBe("bad");
  });

  it("new and vanished elements are adds and removes, nodes added before edges", () => {
    const after = toElements(graph([node("web"), node("cart")], [edge("service:web", "service:cart", "grpc")]));
    const patch = diffElements(onCanvas(before), after);
    expect(patch.topologyChanged).toBe(true);
    expect(patch.remove.sort()).toEqual(["service:api", "service:web->service:api:http"]);
    expect(patch.add.map((a) => a.data.id)).toEqual(["service:cart", "service:web->service:cart:grpc"]);
    expect(patch.add.map((a) => a.group)).toEqual(["nodes", "edges"]);
  });
});

describe("placeNear", () => {
  it("puts a new node beside its neighbours and clear of every placed node", () => {
    const taken = [{ x: 0, y: 0 }, { x: 110, y: 0 }];
    const p = placeNear([{ x: 0, y: 0 }], taken);
    expect(Math.hypot(p.x, p.y)).toBeCloseTo(110, 0);
    for (const t of taken) expect(Math.hypot(p.x - t.x, p.y - t.y)).toBeGreaterThanOrEqual(66);
  });
  it("without neighbours, goes right of the graph; on an empty canvas, at the origin", () => {
    expect(placeNear([], [{ x: 0, y: 5 }, { x: 200, y: -10 }])).toEqual({ x: 310, y: -10 });
    expect(placeNear([], [])).toEqual({ x: 0, y: 0 });
  });
});
