// The four graph layers, the baseline compare and the server-side filters end to end on both
// databases: traces posted as OTLP/JSON through the real ingest handler (their resources give the
// address map its namespaces and workloads), network rollups upserted, then GET /api/v1/graph
// answered and parsed with the browser's contract.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/tokens";
import { graphSchema, operationId, type Graph } from "@/lib/contracts/graph";
import { installDatabase } from "@/lib/db";
import { upsertNetworkEdgeMinutes } from "@/lib/ingest/rollup-upsert";
import { databaseKinds, type TestDatabase } from "@/lib/testing/databases";
import { ingestRoutes } from "@/lib/testing/ingest-routes";
import { readRoutes } from "@/lib/testing/read-routes";
import { startRouteServer, type RouteServer } from "@/lib/testing/route-server";

const str = (v: string) => ({ stringValue: v });
let spanNo = 0x100;
const hex = (n: number, len: number) => n.toString(16).padStart(len, "0");

interface Pod { service: string; ip?: string; namespace?: string; serviceNamespace?: string }
const pods: Record<string, Pod> = {
  web: { service: "web", ip: "10.1.0.1", namespace: "shop" },
  catalog: { service: "catalog", ip: "10.1.0.2", namespace: "shop" },
  legacy: { service: "legacy", ip: "10.1.0.3", namespace: "shop" },
  probe: { service: "probe", serviceNamespace: "ops" }, // no pod: its namespace comes from the spans
};
const resource = (p: Pod) => ({
  attributes: [
    { key: "service.name", value: str(p.service) },
    ...(p.serviceNamespace ? [{ key: "service.namespace", value: str(p.serviceNamespace) }] : []),
    ...(p.namespace ? [{ key: "k8s.namespace.name", value: str(p.namespace) }] : []),
    ...(p.ip ? [{ key: "k8s.pod.ip", value: str(p.ip) }, { key: "k8s.pod.name", value: str(`${p.service}-0`) }, { key: "k8s.deployment.name", value: str(`${p.service}-deploy`) }] : []),
  ],
});

/** caller's server span → caller's client span → callee's server span (and a database call). */
function call(traceNo: number, caller: Pod, callee: Pod, startMs: number, opts: { error?: boolean; db?: boolean; grpc?: boolean } = {}) {
  const ns = (ms: number) => String(BigInt(startMs + ms) * 1_000_000n);
  const traceId = hex(traceNo, 32);
  const [root, client, server, dbSpan] = [spanNo++, spanNo++, spanNo++, spanNo++].map((n) => hex(n, 16));
  const http = opts.grpc ? [{ key: "rpc.system", value: str("grpc") }] : [{ key: "http.request.method", value: str("GET") }];
  const names = opts.grpc ? ["consume", "catalog.v1.Items/List", "catalog.v1.Items/List"] : ["GET /", "GET", "GET /items"];
  return {
    resourceSpans: [
      { resource: resource(caller), scopeSpans: [{ spans: [
        { traceId, spanId: root, name: names[0], kind: opts.grpc ? 5 : 2, startTimeUnixNano: ns(0), endTimeUnixNano: ns(60), attributes: http },
        { traceId, spanId: client, parentSpanId: root, name: names[1], kind: 3, startTimeUnixNano: ns(5), endTimeUnixNano: ns(55), attributes: http },
      ] }] },
      { resource: resource(callee), scopeSpans: [{ spans: [
        { traceId, spanId: server, parentSpanId: client, name: names[2], kind: 2, startTimeUnixNano: ns(10), endTimeUnixNano: ns(50),
          attributes: [...http, { key: "http.response.status_code", value: { intValue: opts.error ? "503" : "200" } }],
          ...(opts.error ? { status: { code: 2, message: "unavailable" } } : {}) },
        ...(opts.db ? [{ traceId, spanId: dbSpan, parentSpanId: server, name: "SELECT items", kind: 3, startTimeUnixNano: ns(12), endTimeUnixNano: ns(20),
          attributes: [{ key: "db.system", value: str("postgresql") }] }] : []),
      ] }] },
    ],
  };
}

describe.each(databaseKinds)("graph layers on $kind", ({ create }) => {
  let t: TestDatabase;
  let server: RouteServer;
  const nowMs = Date.now() - 5_000;
  const hourAgo = nowMs - 3_600_000;
  beforeAll(async () => {
    t = await create();
    installDatabase(t.db);
    server = await startRouteServer([...ingestRoutes.filter((r) => r.method === "POST"), ...readRoutes]);
    const { cluster, token } = await createCluster(t.db, `layers-${Date.now()}`);
    const post = async (body: unknown) => {
      const sent = await fetch(`${server.url}/v1/traces`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(sent.status).toBe(200);
    };
    // Now: web → catalog (failing, with a database call), probe → web.
    await post(call(1, pods.web, pods.catalog, nowMs, { error: true, db: true }));
    await post(call(2, pods.probe, pods.web, nowMs));
    // web also calls catalog over gRPC, more often than over HTTP: the same flows lie beneath both.
    await post(call(5, pods.web, pods.catalog, nowMs, { grpc: true }));
    await post(call(6, pods.web, pods.catalog, nowMs, { grpc: true }));
    // An hour ago: web → catalog (healthy) and web → legacy, which has stopped since.
    await post(call(3, pods.web, pods.catalog, hourAgo));
    await post(call(4, pods.web, pods.legacy, hourAgo));
    const minuteMs = Math.floor(nowMs / 60_000) * 60_000;
    const net = { minuteMs, protocol: 6, packets: 9, drops: 0, l7Errors: 0, dstPort: 8080 };
    await upsertNetworkEdgeMinutes(t.db, cluster.id, [
      { ...net, srcWorkload: "web-deploy", dstWorkload: "catalog-deploy", flows: 3, bytes: 6000, rejects: 1, retransmits: 2 },
      { ...net, srcWorkload: "web-deploy", dstWorkload: "cache-deploy", flows: 2, bytes: 100, rejects: 0, retransmits: 0 },
    ]);
    // A cache nobody traces: known only from the address map.
    await t.db.query(
      `INSERT INTO address_map (cluster_id, address, service, workload, namespace, valid_from, valid_to) VALUES ($1, '10.1.0.7', 'cache', 'cache-deploy', 'shop', $2, $3)`,
      [cluster.id, new Date(nowMs - 600_000), new Date(nowMs + 600_000)],
    );
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  const graph = async (query: string): Promise<Graph> => {
    const res = await fetch(`${server.url}/api/v1/graph?range=15m&${query}`);
    expect(res.status).toBe(200);
    return graphSchema.parse(await res.json());
  };
  const ids = (g: Graph) => ({ nodes: g.nodes.map((n) => n.id), edges: g.edges.map((e) => e.id) });

  it("service nodes carry their cluster and namespace: k8s namespace via the address map, else service.namespace from spans", async () => {
    const g = await graph("layer=service");
    const web = g.nodes.find((n) => n.id === "service:web")!;
    expect(web.namespace).toBe("shop");
    expect(web.cluster).toMatch(/^layers-/);
    expect(g.nodes.find((n) => n.id === "service:probe")!.namespace).toBe("ops");
    expect(g.nodes.find((n) => n.kind === "database")!.namespace).toBeNull();
    expect(g.namespaces).toEqual(["ops", "shop"]);
    expect(g.clusters).toContain(web.cluster);
  });

  it("application layer: entry operations inside their service, service edges between services", async () => {
    const g = await graph("layer=application");
    expect(g.layer).toBe("application");
    const op = g.nodes.find((n) => n.id === operationId("catalog", "GET /items"))!;
    expect(op).toMatchObject({ kind: "operation", name: "GET /items", parent: "service:catalog", service: "catalog", calls: 1, errors: 1, namespace: "shop" });
    expect(g.nodes.find((n) => n.id === operationId("web", "GET /"))).toMatchObject({ parent: "service:web", calls: 1 });
    // Client spans are calls out, drawn as edges, not operations.
    expect(g.nodes.some((n) => n.kind === "operation" && n.name === "GET")).toBe(false);
    expect(ids(g).edges).toContain("service:web->service:catalog:http");
    expect(g.edges.every((e) => !e.source.startsWith("operation:") && !e.target.startsWith("operation:"))).toBe(true);
  });

  it("combined layer: a service edge carries the flows between its services' workloads; unexplained flows become flow edges", async () => {
    const g = await graph("layer=combined");
    // The pair's flows lie on one of its two edges (the busier one), so they are counted once.
    const e = g.edges.find((x) => x.id === "service:web->service:catalog:grpc")!;
    expect(e).toMatchObject({ calls: 2, errors: 0, network: { flows: 3, rejects: 1, retransmits: 2 } });
    const http = g.edges.find((x) => x.id === "service:web->service:catalog:http")!;
    expect(http).toMatchObject({ calls: 1, errors: 1, networkOn: e.id });
    expect(http.network).toBeUndefined();
    const pair = g.edges.filter((x) => x.source === "service:web" && x.target === "service:catalog");
    expect(pair.reduce((s, x) => s + (x.network?.flows ?? 0), 0)).toBe(3);
    expect(e.network!.bytesPerSec).toBeCloseTo((6000 / (g.toMs - g.fromMs)) * 1000, 6);
    expect(g.edges.find((x) => x.id === "service:web->service:cache:flow")).toMatchObject({ kind: "flow", calls: 2, network: { flows: 2 } });
    expect(g.nodes.find((n) => n.id === "service:cache")).toMatchObject({ calls: 0 });
  });

  it("baseline 1h: new, vanished and both, with the baseline's numbers", async () => {
    const g = await graph("layer=service&baseline=1h");
    expect(g.baseline).toEqual({ fromMs: g.fromMs - 3_600_000, toMs: g.toMs - 3_600_000 });
    const byId = new Map(g.edges.map((e) => [e.id, e]));
    expect(byId.get("service:web->service:catalog:http")!.compare).toEqual({ status: "both", baseline: expect.objectContaining({ errorRate: 0 }) });
    expect(byId.get("service:web->service:catalog:http")!.errorRate).toBe(1);
    expect(byId.get("service:probe->service:web:http")!.compare).toEqual({ status: "new", baseline: null });
    expect(byId.get("service:web->service:legacy:http")).toMatchObject({ calls: 0, compare: { status: "vanished" } });
    expect(g.nodes.find((n) => n.id === "service:legacy")!.compare!.status).toBe("vanished");
    const absolute = await graph(`layer=service&baselineFrom=${g.baseline!.fromMs}&baselineTo=${g.baseline!.toMs}`);
    expect(absolute.edges.map((e) => [e.id, e.compare?.status])).toEqual(g.edges.map((e) => [e.id, e.compare?.status]));
  });

  it("namespace and focus narrow the graph on the server; virtual neighbours stay", async () => {
    const shop = await graph("layer=service&namespace=shop");
    expect(ids(shop).nodes).not.toContain("service:probe");
    expect(shop.nodes.some((n) => n.kind === "database")).toBe(true);
    expect(shop.namespaces).toEqual(["ops", "shop"]); // the picker keeps offering the others
    const one = await graph(`layer=service&focus=${encodeURIComponent("service:probe")}&hops=1`);
    // The root span of probe also brings the user → probe edge.
    expect(ids(one).nodes.sort()).toEqual(["service:probe", "service:web", "user:user"]);
    const two = await graph(`layer=service&focus=${encodeURIComponent("service:probe")}&hops=2`);
    expect(ids(two).nodes).toContain("service:catalog");
    const ops = await graph(`layer=application&focus=${encodeURIComponent(operationId("catalog", "GET /items"))}&hops=1`);
    expect(ids(ops).nodes).toEqual(expect.arrayContaining(["service:catalog", "service:web", operationId("web", "GET /")]));
    expect(ids(ops).nodes).not.toContain("service:probe");
    const missing = await graph("layer=service&focus=service:nobody");
    expect(missing).toMatchObject({ focusMissing: true, nodes: [], edges: [] });
  });

  it("rejects bad parameters precisely", async () => {
    const bad = async (q: string) => {
      const res = await fetch(`${server.url}/api/v1/graph?${q}`);
      return [res.status, (await res.json()).error?.message as string] as const;
    };
    expect((await bad("layer=application&hops=9"))[0]).toBe(400);
    expect((await bad("baseline=2h"))[0]).toBe(400);
    expect(await bad("baselineFrom=5")).toEqual([400, expect.stringMatching(/together/)]);
    expect(await bad("baseline=1h&baselineFrom=1&baselineTo=2")).toEqual([400, expect.stringMatching(/not both/)]);
    expect((await bad("cluster=nope"))[0]).toBe(404);
    const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    const params = doc.paths["/api/v1/graph"].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(["layer", "namespace", "focus", "hops", "baseline", "baselineFrom", "baselineTo", "cluster"]));
  });
});
