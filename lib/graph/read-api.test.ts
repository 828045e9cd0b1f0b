// The read API end to end on both databases: traces posted as OTLP/JSON through the real ingest
// handler, flows and address-map rows inserted directly, then every read endpoint answered and
// its body parsed by the zod contract the browser uses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/tokens";
import { edgeDetailSchema } from "@/lib/contracts/edge-detail";
import { graphSchema } from "@/lib/contracts/graph";
import { operationDetailSchema } from "@/lib/contracts/operation-detail";
import { serviceDetailSchema } from "@/lib/contracts/service-detail";
import { traceSchema, traceSearchSchema } from "@/lib/contracts/traces";
import { installDatabase } from "@/lib/db";
import { ensurePartitions } from "@/lib/ingest/partitions";
import { upsertNetworkEdgeMinutes } from "@/lib/ingest/rollup-upsert";
import { databaseKinds, type TestDatabase } from "@/lib/testing/databases";
import { ingestRoutes } from "@/lib/testing/ingest-routes";
import { readRoutes } from "@/lib/testing/read-routes";
import { startRouteServer, type RouteServer } from "@/lib/testing/route-server";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const str = (v: string) => ({ stringValue: v });

function otlp(startMs: number) {
  const ns = (ms: number) => String(BigInt(startMs + ms) * 1_000_000n);
  const resource = (service: string, version: string) => ({
    attributes: [{ key: "service.name", value: str(service) }, { key: "service.version", value: str(version) }],
  });
  return {
    resourceSpans: [
      { resource: resource("web", "1.0.0"), scopeSpans: [{ spans: [
        { traceId: TRACE, spanId: "00f067aa0ba902b7", name: "GET /", kind: 2, startTimeUnixNano: ns(0), endTimeUnixNano: ns(50) },
        { traceId: TRACE, spanId: "00f067aa0ba902b8", parentSpanId: "00f067aa0ba902b7", name: "GET", kind: 3, startTimeUnixNano: ns(5), endTimeUnixNano: ns(45),
          attributes: [{ key: "http.request.method", value: str("GET") }] },
      ] }] },
      { resource: resource("catalog", "2.1.0"), scopeSpans: [{ spans: [
        { traceId: TRACE, spanId: "00f067aa0ba902b9", parentSpanId: "00f067aa0ba902b8", name: "GET /items", kind: 2, startTimeUnixNano: ns(10), endTimeUnixNano: ns(40),
          attributes: [{ key: "http.request.method", value: str("GET") }, { key: "http.response.status_code", value: { intValue: "500" } }],
          status: { code: 2, message: "boom" },
          events: [{ name: "exception", timeUnixNano: ns(30), attributes: [{ key: "exception.type", value: str("IOError") }, { key: "exception.message", value: str("disk full") }] }],
          links: [{ traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331" }] },
        { traceId: TRACE, spanId: "00f067aa0ba902ba", parentSpanId: "00f067aa0ba902b9", name: "SELECT items", kind: 3, startTimeUnixNano: ns(12), endTimeUnixNano: ns(20),
          attributes: [{ key: "db.system", value: str("postgresql") }, { key: "db.operation.name", value: str("SELECT") }] },
      ] }] },
    ],
  };
}

describe.each(databaseKinds)("read API on $kind", ({ create }) => {
  let t: TestDatabase;
  let server: RouteServer;
  const startMs = Date.now() - 5_000;
  beforeAll(async () => {
    t = await create();
    installDatabase(t.db);
    server = await startRouteServer([...ingestRoutes.filter((r) => r.method === "POST"), ...readRoutes]);
    const { cluster, token } = await createCluster(t.db, `read-${Date.now()}`);
    const sent = await fetch(`${server.url}/v1/traces`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(otlp(startMs)),
    });
    expect(sent.status).toBe(200);
    // Two flows between the pods of web and catalog, and one unrelated flow.
    await ensurePartitions(t.db, "flows", [startMs]);
    const from = new Date(startMs - 3_600_000);
    const to = new Date(startMs + 3_600_000);
    for (const [address, service] of [["10.0.0.1", "web"], ["10.0.0.2", "catalog"], ["10.0.0.9", "other"]]) {
      await t.db.query(`INSERT INTO address_map (cluster_id, address, service, workload, valid_from, valid_to) VALUES ($1, $2, $3, $3, $4, $5)`,
        [cluster.id, address, service, from, to]);
    }
    for (const [src, dst, verdict, bytes] of [["10.0.0.1", "10.0.0.2", "accept", 1200], ["10.0.0.1", "10.0.0.2", "reject", 60], ["10.0.0.9", "10.0.0.2", "accept", 999]] as const) {
      await t.db.query(
        `INSERT INTO flows (cluster_id, source_kind, src_addr, dst_addr, dst_port, protocol, bytes, packets, start_time, end_time, verdict, attributes)
         VALUES ($1, 'aws-vpc-flow', $2, $3, 8080, 6, $4, 3, $5, $5, $6, '{}')`,
        [cluster.id, src, dst, bytes, new Date(startMs), verdict]);
    }
    const minuteMs = Math.floor(startMs / 60_000) * 60_000;
    const net = { minuteMs, srcWorkload: "web", dstWorkload: "catalog", protocol: 6, packets: 9, drops: 0, l7Errors: 0 };
    await upsertNetworkEdgeMinutes(t.db, cluster.id, [
      { ...net, dstPort: 8080, flows: 3, bytes: 6000, rejects: 1, retransmits: 2 },
      { ...net, dstPort: 9090, flows: 1, bytes: 600, rejects: 0, retransmits: 0 },
    ]);
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  const get = (path: string) => fetch(`${server.url}${path}`);

  it("the graph has web → catalog and catalog → the database", async () => {
    const graph = graphSchema.parse(await (await get("/api/v1/graph?range=15m")).json());
    expect(graph.edges.map((e) => e.id)).toContain("service:web->service:catalog:http");
    expect(graph.edges.some((e) => e.source === "service:catalog" && e.kind === "database")).toBe(true);
  });

  it("the network layer: workloads as nodes, one edge per pair with bytes/s, flows, rejects", async () => {
    const res = await get("/api/v1/graph?layer=network&range=15m");
    expect(res.status).toBe(200);
    const graph = graphSchema.parse(await res.json());
    expect(graph.layer).toBe("network");
    expect(graph.nodes.map((n) => n.id)).toEqual(["workload:catalog", "workload:web"]);
    expect(graph.edges).toHaveLength(1);
    const e = graph.edges[0];
    expect(e).toMatchObject({ id: "workload:web->workload:catalog:flow", calls: 4, errors: 1, network: { flows: 4, rejects: 1, retransmits: 2 } });
    expect(e.network!.bytesPerSec).toBeCloseTo(6600 / (graph.toMs - graph.fromMs) * 1000, 6);
    expect((await get("/api/v1/graph?layer=physical")).status).toBe(400);
  });

  it("a service's detail: RED, operations, neighbours, versions and the error with its exception", async () => {
    const res = await get("/api/v1/services/catalog?range=15m");
    expect(res.status).toBe(200);
    const d = serviceDetailSchema.parse(await res.json());
    expect(d).toMatchObject({ name: "catalog", nodeId: "service:catalog", calls: 1, errors: 1 });
    expect(d.series.reduce((a, p) => a + p.calls, 0)).toBe(1);
    expect(d.operations.find((o) => o.name === "GET /items")).toMatchObject({ calls: 1, errors: 1, statusClasses: { "5xx": 1 } });
    expect(d.callers).toEqual([expect.objectContaining({ service: "web", edgeId: "service:web->service:catalog:http", calls: 1, errors: 1 })]);
    expect(d.callees.map((c) => c.kind)).toEqual(["database"]);
    expect(d.versions).toEqual([expect.objectContaining({ version: "2.1.0", kind: "version" })]);
    expect(d.series[0].p99Ms).toBeGreaterThanOrEqual(d.series[0].p50Ms!);
    expect(d.instances).toEqual([expect.objectContaining({ version: "2.1.0", spans: 2, errors: 1 })]);
    expect(d.recentErrors[0]).toMatchObject({ traceId: TRACE, operation: "GET /items", exceptionType: "IOError", exceptionMessage: "disk full", httpStatusCode: 500 });
  });

  it("one operation of a service: its RED per minute and over the window, as in the operations table", async () => {
    const res = await get(`/api/v1/services/catalog/operation?range=15m&operation=${encodeURIComponent("GET /items")}&spanKind=2`);
    expect(res.status).toBe(200);
    const o = operationDetailSchema.parse(await res.json());
    expect(o).toMatchObject({ service: "catalog", name: "GET /items", spanKind: 2, calls: 1, errors: 1, errorRate: 1, statusClasses: { "5xx": 1 } });
    expect(o.series).toEqual([expect.objectContaining({ calls: 1, errors: 1 })]);
    const table = serviceDetailSchema.parse(await (await get("/api/v1/services/catalog?range=15m")).json()).operations.find((x) => x.name === "GET /items")!;
    expect(o.latency).toEqual(table.latency);
    expect((await get("/api/v1/services/catalog/operation?range=15m&operation=nothing&spanKind=2")).status).toBe(404);
    const bad = await get("/api/v1/services/catalog/operation?range=15m&operation=GET%20%2Fitems&spanKind=9");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^spanKind/);
    expect((await get("/api/v1/services/catalog/operation?range=15m&spanKind=2")).status).toBe(400);
  });

  it("a service that never reported is 404, a bad range is 400 naming the field", async () => {
    expect((await get("/api/v1/services/nobody?range=15m")).status).toBe(404);
    const bad = await get("/api/v1/services/catalog?range=soon");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^range/);
  });

  it("an edge by graph id and by client,server,type: histograms, status classes, exemplars, flows", async () => {
    const byId = await get(`/api/v1/edges/${encodeURIComponent("service:web->service:catalog:http")}?range=15m`);
    expect(byId.status).toBe(200);
    const e = edgeDetailSchema.parse(await byId.json());
    expect(e).toMatchObject({ client: "web", server: "catalog", kind: "http", calls: 1, errors: 1, statusClasses: { "5xx": 1 } });
    expect(e.serverHistogram.count).toBe(1);
    expect(e.clientHistogram.count).toBe(1);
    expect(e.serverLatency.p50Ms).toBeGreaterThan(20);
    expect(e.clientLatency.p50Ms!).toBeGreaterThan(e.serverLatency.p50Ms!);
    expect(e.exemplars).toContain(TRACE);
    expect(e.network).toMatchObject({ flows: 2, bytes: 1260, rejects: 1, retransmits: 2 });
    expect(e.statusCodes).toEqual({ "500": 1 });
    expect(e.network.top.find((f) => f.verdict === "reject")).toMatchObject({ srcAddr: "10.0.0.1", dstAddr: "10.0.0.2", dstPort: 8080, flows: 1 });
    expect(e.network.edges).toEqual([expect.objectContaining({ id: "workload:web->workload:catalog:flow", flows: 4, retransmits: 2 })]);
    const byNames = edgeDetailSchema.parse(await (await get(`/api/v1/edges/web,catalog,http?range=15m`)).json());
    expect(byNames.id).toBe(e.id);
    expect((await get(`/api/v1/edges/nonsense?range=15m`)).status).toBe(400);
    expect((await get(`/api/v1/edges/a,b,http?range=15m`)).status).toBe(404);
  });

  it("trace search filters by service, operation, duration and errors", async () => {
    const all = traceSearchSchema.parse(await (await get("/api/v1/traces?range=15m")).json());
    expect(all.traces).toEqual([expect.objectContaining({ traceId: TRACE, rootService: "web", rootOperation: "GET /", spanCount: 4, errorCount: 1 })]);
    expect(all.traces[0].services.sort()).toEqual(["catalog", "web"]);
    expect(all.traces[0].durationMs).toBeCloseTo(50, 0);
    const errors = traceSearchSchema.parse(await (await get("/api/v1/traces?range=15m&service=catalog&operation=GET%20%2Fitems&errorsOnly=true&minDurationMs=25")).json());
    expect(errors.traces).toHaveLength(1);
    const tooSlow = traceSearchSchema.parse(await (await get("/api/v1/traces?range=15m&service=catalog&minDurationMs=100")).json());
    expect(tooSlow.traces).toHaveLength(0);
    const bad = await get("/api/v1/traces?minDurationMs=-1");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^minDurationMs/);
  });

  it("a trace with all its spans, events and links; unknown and malformed ids", async () => {
    const trace = traceSchema.parse(await (await get(`/api/v1/traces/${TRACE}`)).json());
    expect(trace.spans).toHaveLength(4);
    const failing = trace.spans.find((s) => s.name === "GET /items")!;
    expect(failing).toMatchObject({ service: "catalog", isError: true, parentSpanId: "00f067aa0ba902b8" });
    expect(failing.events[0]).toMatchObject({ name: "exception", attributes: { "exception.type": "IOError" } });
    expect(failing.links[0]).toMatchObject({ traceId: "0af7651916cd43dd8448eb211c80319c" });
    expect((await get(`/api/v1/traces/${"0".repeat(32)}`)).status).toBe(404);
    const bad = await get(`/api/v1/traces/xyz`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^traceId/);
  });

  it("serves an OpenAPI 3.1 document that names every read path", async () => {
    const doc = await (await get("/api/v1/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(["/api/v1/graph", "/api/v1/services/{name}", "/api/v1/services/{name}/operation", "/api/v1/edges/{id}", "/api/v1/network/edges/{id}",
      "/api/v1/network/nodes/{id}", "/api/v1/flows", "/api/v1/traces", "/api/v1/traces/services", "/api/v1/traces/{traceId}"]);
    const flowParams = doc.paths["/api/v1/flows"].get.parameters.map((p: { name: string }) => p.name);
    expect(flowParams).toEqual(expect.arrayContaining(["src", "dst", "workload", "verdict", "port", "limit", "cursor", "range", "from", "to"]));
    const params = doc.paths["/api/v1/traces"].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(["service", "operation", "minDurationMs", "errorsOnly", "range"]));
    expect(doc.paths["/api/v1/edges/{id}"].get.responses[200].content["application/json"].schema.properties.network).toBeDefined();
  });
});
