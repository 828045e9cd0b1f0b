import { describe, expect, it } from "vitest";
import type { Graph, GraphEdge, GraphNode } from "@/lib/contracts/graph";
import { diffElements } from "./element-diff";
import { compareLine, toElements, type ElementDef } from "./elements";
import { groupGraph, groupId } from "./grouping";
import { aspectFactors, placeNear } from "./placement";

const latency = { p50Ms: 5, p95Ms: 20, p99Ms: 30, meanMs: 6 };
const node = (name: string, kind: GraphNode["kind"] = "service", calls = 10, errors = 0): GraphNode => ({
  id: `${kind}:${name}`, name, kind, calls, errors, ratePerSec: calls / 60, errorRate: calls ? errors / calls : 0, latency,
});
const edge = (s: string, t: string, kind: string, calls = 10, errors = 0): GraphEdge => ({
  id: `${s}->${t}:${kind}`, source: s, target: t, kind, calls, errors, ratePerSec: calls / 60, errorRate: calls ? errors / calls : 0,
  latency,
});
const graph = (nodes: GraphNode[], edges: GraphEdge[]): Graph => ({ layer: "service", fromMs: 0, toMs: 60_000, nodes, edges });

const onCanvas = (els: ElementDef[]) => new Map(els.map((e) => [e.data.id, { ...e.data } as Record<string, unknown>]));

describe("toElements", () => {
  it("maps nodes then edges with ids, kinds, health and labels", () => {
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

describe("toElements: layers, groups, compare", () => {
  it("puts operations inside their service and parents before children", () => {
    const op: GraphNode = { ...node("GET /a", "operation", 6, 6), id: "operation:3:api/GET /a", parent: "service:api", service: "api" };
    const els = toElements(graph([op, node("api")], []));
    expect(els.map((e) => e.data.id)).toEqual(["service:api", "operation:3:api/GET /a"]);
    expect(els[1].data).toMatchObject({ parent: "service:api", kind: "operation", health: "bad", label: "✖ GET /a · 0.10/s · 100%" });
    expect("parent" in els[0].data).toBe(false); // optional fields are absent, not undefined
  });

  it("labels a collapsed group with its size and health, an expanded one with its name; merged edges say so", () => {
    const g = graph([{ ...node("web"), namespace: "shop" }, { ...node("api", "service", 10, 5), namespace: "shop" }, node("pg", "database", 0)],
      [edge("service:web", "database:pg", "database", 60), edge("service:api", "database:pg", "database", 60)]);
    const expanded = toElements(groupGraph(g, "namespace", new Set()));
    expect(expanded.find((e) => e.data.id === groupId("namespace", "shop"))!.data).toMatchObject({ kind: "group", collapsed: false, label: "namespace shop", groupBy: "namespace" });
    const collapsed = toElements(groupGraph(g, "namespace", new Set([groupId("namespace", "shop")])));
    const grp = collapsed.find((e) => e.data.id === groupId("namespace", "shop"))!.data;
    expect(grp).toMatchObject({ collapsed: true, health: "bad" });
    expect(grp.label).toBe("✖ ▸ shop · 2 nodes\n0.33/s · 25%");
    expect(collapsed.find((e) => e.group === "edges")!.data.label).toMatch(/^Σ 2 edges · 2.00 req\/s · 0% · p95 20 ms \(worst\)$/);
  });

  it("draws compare status, deltas and the network beneath a combined edge", () => {
    const fresh = { ...edge("service:a", "service:b", "http"), compare: { status: "new" as const, baseline: null } };
    const gone = { ...edge("service:a", "service:c", "http", 0), compare: { status: "vanished" as const, baseline: { ratePerSec: 2, errorRate: 0, p95Ms: 10 } } };
    const slower = { ...edge("service:a", "service:d", "http", 60, 6), latency: { ...latency, p95Ms: 200 }, compare: { status: "both" as const, baseline: { ratePerSec: 1, errorRate: 0, p95Ms: 100 } } };
    const net = { ...edge("service:a", "service:e", "grpc"), network: { bytesPerSec: 2048, flows: 12, rejects: 1, drops: 0, retransmits: 2 } };
    const els = toElements(graph([node("a"), node("b"), node("c"), node("d"), node("e")], [fresh, gone, slower, net]));
    const data = (id: string) => els.find((e) => e.data.id === id)!.data;
    expect(data(fresh.id)).toMatchObject({ compare: "new" });
    expect(data(fresh.id).label).toMatch(/\n★ new$/);
    expect(data(gone.id)).toMatchObject({ compare: "vanished" });
    expect(data(gone.id).label).toMatch(/✕ gone \(was 2.00\/s\)$/);
    expect(data(slower.id)).toMatchObject({ compare: "both", trend: "worse" });
    expect(data(slower.id).label).toMatch(/▲ Δ p95 \+100 ms · err \+10%$/);
    expect(data(net.id)).toMatchObject({ rejects: true });
    expect(data(net.id).label).toBe("0.17 req/s · 0% · p95 20 ms\n⇄ 2.0 KB/s · 12 flows · ⊘ 1 rejected · 2 retrans.");
    expect(compareLine({ ...slower, compare: undefined })).toEqual({ text: "", trend: null });
    // Nodes carry the status as a leading mark.
    const nodes = toElements(graph([{ ...node("b"), compare: { status: "new", baseline: null } }, { ...node("c", "service", 0), compare: { status: "vanished", baseline: null } }], []));
    expect(nodes.map((n) => [n.data.label.split("\n")[0], n.data.compare])).toEqual([["★ b", "new"], ["✕ c", "vanished"]]);
  });
});

describe("toElements: widths on a refresh", () => {
  it("an edge keeps the width it is drawn with while its rate moved less than a step, so the diff leaves it alone", () => {
    // 28.5 and 29.5 req/s sit either side of the 4.5/5.0 px rounding boundary (exact 4.73, 4.77 px).
    const at = (calls: number) => toElements(graph([node("a"), node("b")], [edge("service:a", "service:b", "http", calls)]));
    const first = at(60 * 28.5);
    const moved = at(60 * 29.5);
    expect([first[2].data.width, moved[2].data.width]).toEqual([4.5, 5]);
    const drawn = onCanvas(first);
    const refreshed = toElements(graph([node("a"), node("b")], [edge("service:a", "service:b", "http", 60 * 29.5)]), (id) => drawn.get(id)?.width as number | undefined);
    expect(refreshed[2].data.width).toBe(4.5);
    expect(diffElements(drawn, refreshed, () => true).update).toEqual([]);
    const busier = toElements(graph([node("a"), node("b")], [edge("service:a", "service:b", "http", 60 * 60)]), (id) => drawn.get(id)?.width as number | undefined);
    expect(busier[2].data.width).toBe(5.5);
  });
});

describe("diffElements", () => {
  const before = toElements(graph([node("web"), node("api")], [edge("service:web", "service:api", "http")]));

  it("an unchanged graph yields an empty patch", () => {
    const patch = diffElements(onCanvas(before), before);
    expect(patch).toEqual({ add: [], remove: [], update: [], move: [], topologyChanged: false });
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

  it("a label change waits when the canvas says so, and an update carries only the fields that changed", () => {
    const base = toElements(graph([node("web"), node("api", "service", 100)], [edge("service:web", "service:api", "http", 100)]));
    // 1.67 → 1.68 req/s: the labels change, the width (2.4 px) and health do not.
    const busier = toElements(graph([node("web"), node("api", "service", 101)], [edge("service:web", "service:api", "http", 101)]));
    const asked: string[] = [];
    const patch = diffElements(onCanvas(base), busier, (id) => (asked.push(id), true));
    expect(asked.sort()).toEqual(["service:api", "service:web->service:api:http"]);
    expect(patch.update).toEqual([]);
    expect(diffElements(onCanvas(base), busier, () => false).update.map((u) => u.id).sort()).toEqual(["service:api", "service:web->service:api:http"]);
    // An error rate over 5 % changes health too: the health goes out at once, the label when drawn.
    const failing = toElements(graph([node("web"), node("api", "service", 100)], [edge("service:web", "service:api", "http", 100, 50)]));
    expect(diffElements(onCanvas(base), failing, () => true).update).toEqual([{ id: "service:web->service:api:http", data: { health: "bad" } }]);
    expect(diffElements(onCanvas(base), failing, () => false).update).toEqual([
      { id: "service:web->service:api:http", data: { health: "bad", label: expect.stringMatching(/^✖ 1.67 req\/s · 50%/) } },
    ]);
  });

  it("a field that disappears is updated to undefined, since cytoscape's data() only merges", () => {
    const slower = { ...edge("service:web", "service:api", "http"), latency: { ...latency, p95Ms: 200 }, compare: { status: "both" as const, baseline: { ratePerSec: 1 / 6, errorRate: 0, p95Ms: 20 } } };
    const compared = toElements(graph([node("web"), node("api")], [slower]));
    expect(compared[2].data).toMatchObject({ compare: "both", trend: "worse" });
    const patch = diffElements(onCanvas(compared), before);
    const update = patch.update.find((u) => u.id === slower.id)!;
    expect(update.data).toHaveProperty("trend", undefined);
    expect(update.data).toHaveProperty("compare", undefined);
    // Once applied (a merge), the canvas agrees with the data and the next diff is empty.
    const applied = onCanvas(compared);
    for (const u of patch.update) Object.assign(applied.get(u.id)!, u.data);
    expect(diffElements(applied, before).update).toEqual([]);
  });

  it("a node that changes compound parent is a move, not a remove and add", () => {
    const g = graph([{ ...node("web"), namespace: "shop" }, { ...node("api"), namespace: "shop" }], [edge("service:web", "service:api", "http")]);
    const flat = toElements(g);
    const grouped = toElements(groupGraph(g, "namespace", new Set()));
    const patch = diffElements(onCanvas(flat), grouped);
    expect(patch.add.map((a) => a.data.id)).toEqual([groupId("namespace", "shop")]);
    expect(patch.remove).toEqual([]);
    expect(patch.move).toEqual([{ id: "service:web", parent: groupId("namespace", "shop") }, { id: "service:api", parent: groupId("namespace", "shop") }]);
    expect(patch.update).toEqual([]);
    expect(diffElements(onCanvas(grouped), flat).move.map((m) => m.parent)).toEqual([null, null]);
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

describe("aspectFactors", () => {
  const square = [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 0, y: 100 }, { x: 100, y: 100 }];
  it("spreads a round drawing to a wide canvas at the same area, within the cap", () => {
    const { sx, sy } = aspectFactors(square, 400, 100);
    expect(sx).toBeCloseTo(1.8); // sqrt(4) = 2, capped
    expect(sx * sy).toBeCloseTo(1);
    expect(aspectFactors(square, 225, 100).sx).toBeCloseTo(1.5);
  });
  it("leaves small or degenerate drawings alone", () => {
    expect(aspectFactors(square.slice(0, 2), 400, 100)).toEqual({ sx: 1, sy: 1 });
    expect(aspectFactors([{ x: 0, y: 0 }, { x: 0, y: 5 }, { x: 0, y: 9 }], 400, 100)).toEqual({ sx: 1, sy: 1 });
  });
});
