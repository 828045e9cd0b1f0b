// End to end through the real OpenTelemetry JS exporter: a small trace tree across three
// services is exported as OTLP protobuf to the real route handler, and the rollups show the
// expected edges with their counts and latencies. On PostgreSQL and on PGlite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { context, trace, SpanKind, SpanStatusCode, type Span } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { CompressionAlgorithm } from "@opentelemetry/otlp-exporter-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { edgeDetailSchema } from "@/lib/contracts/edge-detail";
import { graphSchema } from "@/lib/contracts/graph";
import { createCluster } from "@/lib/clusters/tokens";
import { installDatabase } from "@/lib/db";
import { serverPairing } from "@/lib/server/context";
import { databaseKinds, type TestDatabase } from "@/lib/testing/databases";
import { ingestRoutes } from "@/lib/testing/ingest-routes";
import { startRouteServer, type RouteServer } from "@/lib/testing/route-server";

describe.each(databaseKinds)("OpenTelemetry exporter → Strata on $kind", ({ create }) => {
  let t: TestDatabase;
  let server: RouteServer;
  let token: string;
  beforeAll(async () => {
    t = await create();
    installDatabase(t.db);
    server = await startRouteServer(ingestRoutes);
    token = (await createCluster(t.db, `otel-${Date.now()}`)).token;
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  // gzip, as the OpenTelemetry Collector's otlphttp exporter sends by default; the versioned path
  // for one of the two services, so both routes are exercised.
  function tracer(service: string) {
    const path = service === "checkout" ? "/api/v1/otlp/v1/traces" : "/v1/traces";
    const exporter = new OTLPTraceExporter({
      url: `${server.url}${path}`,
      headers: { Authorization: `Bearer ${token}` },
      compression: CompressionAlgorithm.GZIP,
    });
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": service, "service.version": "1.2.3", "k8s.pod.ip": podIp[service] }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    return { tracer: provider.getTracer("test"), provider };
  }
  const podIp: Record<string, string> = { frontend: "10.1.0.7", checkout: "10.1.0.9" };
  const child = (parent: Span) => trace.setSpan(context.active(), parent);

  it("turns a real exported trace tree into edges with counts and latencies", async () => {
    const frontend = tracer("frontend");
    const checkout = tracer("checkout");
    const t0 = Date.now() - 5_000;
    const at = (ms: number) => new Date(t0 + ms);

    const root = frontend.tracer.startSpan("GET /cart", { kind: SpanKind.SERVER, startTime: at(0), attributes: { "http.request.method": "GET", "http.route": "/cart" } });
    const call = frontend.tracer.startSpan("POST", { kind: SpanKind.CLIENT, startTime: at(5), attributes: { "http.request.method": "POST", "server.address": "checkout", "http.response.status_code": 200 } }, child(root));
    const handled = checkout.tracer.startSpan("POST /checkout", { kind: SpanKind.SERVER, startTime: at(10), attributes: { "http.request.method": "POST", "http.route": "/checkout", "http.response.status_code": 200 } }, child(call));
    const query = checkout.tracer.startSpan("SELECT orders", { kind: SpanKind.CLIENT, startTime: at(20), attributes: { "db.system.name": "postgresql", "db.namespace": "orders", "db.operation.name": "SELECT" } }, child(handled));
    query.setStatus({ code: SpanStatusCode.ERROR, message: "deadlock detected" });
    query.end(at(50));
    handled.end(at(90)); // server side: 80 ms
    call.end(at(100)); // client side: 95 ms
    root.end(at(120));
    await checkout.provider.forceFlush();
    await frontend.provider.forceFlush();
    await serverPairing(t.db).flush(); // the root span's virtual caller resolves on expiry

    const res = await fetch(`${server.url}/api/v1/graph?range=15m`);
    expect(res.status).toBe(200);
    const graph = graphSchema.parse(await res.json());
    const edge = (source: string, target: string) => graph.edges.find((e) => e.source.endsWith(`:${source}`) && e.target.endsWith(`:${target}`));

    const http = edge("frontend", "checkout");
    expect(http).toMatchObject({ kind: "http", calls: 1, errors: 0 });
    expect(http!.latency.p50Ms! / 80).toBeGreaterThan(0.9);
    expect(http!.latency.p50Ms! / 80).toBeLessThan(1.1);
    // Client-side latency and exemplars are in the edge's drilldown, not in the graph.
    const detail = edgeDetailSchema.parse(await (await fetch(`${server.url}/api/v1/edges/${encodeURIComponent(http!.id)}?range=15m`)).json());
    expect(detail.clientLatency.p50Ms! / 95).toBeGreaterThan(0.9);
    expect(detail.clientLatency.p50Ms! / 95).toBeLessThan(1.1);
    expect(detail.exemplars).toEqual([root.spanContext().traceId]);

    const db = edge("checkout", "orders") ?? edge("checkout", "postgresql");
    expect(db).toMatchObject({ kind: "database", calls: 1, errors: 1 });
    expect(edge("user", "frontend")).toMatchObject({ calls: 1 });

    const services = Object.fromEntries(graph.nodes.map((n) => [n.name, n]));
    expect(services.checkout).toMatchObject({ kind: "service", calls: 1, errors: 0 });
    expect(services.frontend).toMatchObject({ kind: "service", calls: 1 });
    expect(services.orders?.kind ?? services.postgresql?.kind).toBe("database");

    const spans = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM spans`);
    expect(spans.rows[0].n).toBe(4);
    const versions = await t.db.query<{ service: string }>(`SELECT service FROM change_events ORDER BY service`);
    expect(versions.rows.map((r) => r.service)).toEqual(["checkout", "frontend"]);
    const addresses = await t.db.query<{ address: string; service: string }>(`SELECT address, service FROM address_map ORDER BY address`);
    expect(addresses.rows).toEqual([
      { address: "10.1.0.7", service: "frontend" },
      { address: "10.1.0.9", service: "checkout" },
    ]);
  });
});
