// End to end over OTLP/gRPC with the OpenTelemetry SDK's own gRPC exporter (gzip, as SDKs are
// commonly configured): spans → the agent's gRPC receiver → journal, pairing, aggregation →
// the REAL ingest route handler on PGlite; then what the server's rollups say. Also: malformed
// and oversized input on both transports is answered with a precise error and the agent goes on.
import * as grpc from "@grpc/grpc-js";
import { context, trace, SpanKind, SpanStatusCode, type Span } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { CompressionAlgorithm } from "@opentelemetry/otlp-exporter-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConfig } from "../testing/agent-config";
import { postTraces, traceRequest } from "../testing/otlp-traffic";
import { rollupTotals, startTestServer, type TestServer } from "../testing/strata-test-server";
import { waitFor } from "../testing/wait-for";
import { TRACE_EXPORT_PATH } from "../receivers/otlp-grpc/otlp-grpc-receiver";
import { Agent } from "./agent";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer("pglite");
});
afterAll(async () => server?.close());

const TRACES = 30;

describe("OpenTelemetry gRPC exporter → agent → real ingest handler on PGlite", () => {
  it("delivers paired edges, node counts and raw spans; malformed and oversized input is refused and the agent goes on", async () => {
    const cluster = await server.createCluster("e2e-grpc");
    const agent = new Agent(testConfig(server.url, cluster.token, { otlp: { http: { listen: "127.0.0.1:0", maxBodyBytes: "256kB" }, grpc: { listen: "127.0.0.1:0", maxMessageBytes: "256kB" } } }), { log: () => undefined });
    await agent.start();
    const grpcUrl = `http://127.0.0.1:${agent.otlpGrpcAddress!.port}`;
    const httpUrl = `http://127.0.0.1:${agent.otlpAddress!.port}`;
    const providers: BasicTracerProvider[] = [];
    try {
      const tracer = (service: string, podIp: string) => {
        const exporter = new OTLPTraceExporter({ url: grpcUrl, compression: CompressionAlgorithm.GZIP });
        const provider = new BasicTracerProvider({
          resource: resourceFromAttributes({ "service.name": service, "k8s.namespace.name": "shop", "k8s.pod.ip": podIp }),
          spanProcessors: [new BatchSpanProcessor(exporter, { maxExportBatchSize: 16, scheduledDelayMillis: 50 })],
        });
        providers.push(provider);
        return provider.getTracer("grpc-e2e");
      };
      const frontend = tracer("frontend", "10.1.0.10");
      const checkout = tracer("checkout", "10.1.0.20");
      const t0 = Date.now() - 10_000;
      const at = (ms: number) => new Date(t0 + ms);
      const child = (parent: Span) => trace.setSpan(context.active(), parent);
      for (let n = 0; n < TRACES; n++) {
        const failed = n % 10 === 0;
        const root = frontend.startSpan("GET /cart", { kind: SpanKind.SERVER, startTime: at(n), attributes: { "http.request.method": "GET", "http.route": "/cart" } });
        const call = frontend.startSpan("POST", { kind: SpanKind.CLIENT, startTime: at(n + 1), attributes: { "http.request.method": "POST", "server.address": "checkout", "http.response.status_code": failed ? 503 : 200 } }, child(root));
        const handled = checkout.startSpan("POST /checkout", { kind: SpanKind.SERVER, startTime: at(n + 2), attributes: { "http.request.method": "POST", "http.route": "/checkout", "http.response.status_code": failed ? 503 : 200 } }, child(call));
        if (failed) handled.setStatus({ code: SpanStatusCode.ERROR });
        handled.end(at(n + 12));
        call.end(at(n + 14));
        root.end(at(n + 20));
      }
      await Promise.all(providers.map((p) => p.forceFlush()));
      expect(agent.metrics.receivedSpans.total()).toBe(TRACES * 3);
      expect(agent.metrics.receivedRequests.get({ transport: "grpc" })).toBeGreaterThan(1);

      // Malformed: INVALID_ARGUMENT over gRPC, 400 over HTTP; oversized: RESOURCE_EXHAUSTED, 413.
      const client = new grpc.Client(grpcUrl.slice("http://".length), grpc.credentials.createInsecure());
      const call = (body: Buffer) =>
        new Promise<grpc.ServiceError | null>((resolve) =>
          client.makeUnaryRequest(TRACE_EXPORT_PATH, (b: Buffer) => b, (b: Buffer) => b, body, (err) => resolve(err)),
        );
      const malformed = await call(Buffer.from([0x0a, 0x05, 0x12]));
      expect(malformed?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(malformed?.details).toMatch(/invalid OTLP protobuf trace request/);
      const oversized = await call(Buffer.alloc(300 * 1024, 0x20));
      expect(oversized?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      expect(oversized?.details).toMatch(/larger than max/i);
      client.close();
      const badHttp = await postTraces(httpUrl, "{\"resourceSpans\": [");
      expect(badHttp.status).toBe(400);
      expect((await badHttp.json()).message).toMatch(/invalid OTLP json trace request/);
      // Oversized: 413, a client error as final as 400 (OTLP clients never retry it), with a message.
      const bigHttp = await postTraces(httpUrl, " ".repeat(300 * 1024));
      expect(bigHttp.status).toBe(413);
      expect((await bigHttp.json()).message).toBe("body of 307200 bytes exceeds the limit of 256000 bytes");
      expect(agent.metrics.failedRequests.get({ status: "INVALID_ARGUMENT", transport: "grpc" })).toBe(1);
      expect(agent.metrics.failedRequests.get({ status: "400", transport: "http" })).toBe(1);

      // …and the agent still serves both transports.
      expect((await postTraces(httpUrl, traceRequest(0, 1, t0))).status).toBe(200);
      const late = checkout.startSpan("SELECT orders", { kind: SpanKind.CLIENT, startTime: at(100), attributes: { "db.system.name": "postgresql", "db.operation.name": "SELECT", "server.address": "orders-db" } });
      late.end(at(105));
      await Promise.all(providers.map((p) => p.forceFlush()));
      expect(agent.metrics.receivedSpans.total()).toBe(TRACES * 3 + 4 + 1);

      await agent.cutNow();
      const totals = await waitFor(
        () => rollupTotals(server.db, cluster.id),
        (t) => t.spans === TRACES * 3 + 4 + 1 && t.edges["frontend -> checkout (http)"]?.calls === TRACES + 1 && t.edges["checkout -> orders-db (database)"]?.calls === 2,
        20_000,
        "every span and the paired edges stored",
      );
      // The HTTP request adds one more frontend → checkout call (trace 0 of otlp-traffic, failing).
      expect(totals.edges["frontend -> checkout (http)"]).toEqual({ calls: TRACES + 1, errors: TRACES / 10 + 1 });
      expect(totals.nodes["checkout / POST /checkout / 2"]).toEqual({ calls: TRACES + 1, errors: TRACES / 10 + 1 });
      expect(totals.edges["checkout -> orders-db (database)"]?.calls).toBe(2);
    } finally {
      await Promise.all(providers.map((p) => p.shutdown()));
      await agent.shutdown();
    }
  });
});
