import { describe, expect, it } from "vitest";
import { SpanKind, StatusCode } from "@/lib/contracts/span";
import { SpanPairer } from "./span-pairer";
import { clientServerPair, makeSpan, nextSpanId, TRACE_B } from "./testing/make-span";
import { countOutcomes, edgeLabels, runPairer } from "./testing/run-pairer";

describe("SpanPairer: client and server spans", () => {
  it("pairs a CLIENT with its SERVER child whichever arrives first", () => {
    const { client, server } = clientServerPair({ httpMethod: "GET", durationUs: 5000 }, { durationUs: 3000 });
    for (const order of [[client, server], [server, client]]) {
      const run = runPairer(order);
      expect(run.onAdd).toHaveLength(1);
      expect(run.onAdd[0]).toMatchObject({
        client: "frontend",
        server: "backend",
        connectionType: "http",
        clientDurationUs: 5000,
        serverDurationUs: 3000,
        failed: false,
        traceId: client.traceId,
        startUs: client.startUs,
        origin: "paired",
      });
      expect(run.onFlush).toHaveLength(0);
      expect(countOutcomes(run.outcomes)).toEqual({ paired: 2, virtual: 0, expired: 0, dropped: 0 });
    }
  });

  it("marks the edge failed when either side is an error", () => {
    const clientFailed = clientServerPair({ statusCode: StatusCode.ERROR });
    const serverFailed = clientServerPair({}, { httpStatusCode: 503 });
    const server404 = clientServerPair({}, { httpStatusCode: 404 });
    expect(runPairer([clientFailed.client, clientFailed.server]).onAdd[0].failed).toBe(true);
    expect(runPairer([serverFailed.client, serverFailed.server]).onAdd[0].failed).toBe(true);
    expect(runPairer([server404.client, server404.server]).onAdd[0].failed).toBe(false);
  });

  it("types the edge grpc, http or other from the client, then the server attributes", () => {
    const grpc = clientServerPair({ rpcSystem: "grpc" }, { httpMethod: "POST" });
    const httpFromServer = clientServerPair({}, { httpMethod: "GET" });
    const plain = clientServerPair();
    expect(runPairer([grpc.client, grpc.server]).onAdd[0].connectionType).toBe("grpc");
    expect(runPairer([httpFromServer.client, httpFromServer.server]).onAdd[0].connectionType).toBe("http");
    expect(runPairer([plain.client, plain.server]).onAdd[0].connectionType).toBe("other");
  });
});

describe("SpanPairer: the same span id in two traces", () => {
  // Half-edges are filed under the span id and checked against the trace id (pending-store.ts):
  // two live traces that share a span id must still pair each with its own partner.
  it("pairs each trace's client with its own server, in any arrival order", () => {
    const shared = nextSpanId();
    const a = clientServerPair({ spanId: shared, service: "web-a" }, { service: "api-a" });
    const b = clientServerPair({ spanId: shared, traceId: TRACE_B, service: "web-b" }, { traceId: TRACE_B, service: "api-b" });
    for (const order of [
      [a.client, b.client, a.server, b.server],
      [a.client, b.client, b.server, a.server],
      [b.server, a.server, b.client, a.client],
      [a.server, b.client, b.server, a.client],
    ]) {
      const run = runPairer(order);
      expect(edgeLabels(run.onAdd)).toEqual(["web-a → api-a (other)", "web-b → api-b (other)"]);
      expect(run.onAdd.map((e) => e.traceId).sort()).toEqual([a.client.traceId, TRACE_B].sort());
      expect(countOutcomes(run.outcomes)).toEqual({ paired: 4, virtual: 0, expired: 0, dropped: 0 });
    }
  });

  it("resolves both waiting halves at expiry and counts both against maxItems", () => {
    const shared = nextSpanId();
    const a = clientServerPair({ spanId: shared, peerService: "payments" });
    const b = clientServerPair({ spanId: shared, traceId: TRACE_B, peerService: "ledger" });
    const run = runPairer([a.client, b.client]);
    expect(edgeLabels(run.onFlush)).toEqual(["frontend → ledger (virtual)", "frontend → payments (virtual)"]);
    const full = runPairer([a.client, b.client], { maxItems: 1 });
    expect(countOutcomes(full.outcomes)).toEqual({ paired: 0, virtual: 1, expired: 0, dropped: 1 });
  });
});

describe("SpanPairer: database edges", () => {
  it("completes a database call from the client span alone, named by Tempo's order", () => {
    const db = makeSpan({
      service: "orders",
      kind: SpanKind.CLIENT,
      dbSystem: "postgresql",
      dbNamespace: "orders_db",
      networkPeerAddress: "10.0.0.7",
      networkPeerPort: 5432,
      durationUs: 2300,
      statusCode: StatusCode.ERROR,
    });
    const run = runPairer([db]);
    expect(run.onAdd).toHaveLength(1);
    expect(run.onAdd[0]).toMatchObject({
      client: "orders",
      server: "10.0.0.7:5432",
      connectionType: "database",
      clientDurationUs: 2300,
      serverDurationUs: 2300,
      failed: true,
      origin: "database",
    });
    expect(countOutcomes(run.outcomes)).toEqual({ paired: 1, virtual: 0, expired: 0, dropped: 0 });
  });

  it("consumes the server span of a database that reported first, as Tempo does (tempo#2523)", () => {
    const call = makeSpan({ service: "orders", kind: SpanKind.CLIENT, dbSystem: "cockroachdb" });
    const dbServer = makeSpan({ service: "cockroach", kind: SpanKind.SERVER, parentSpanId: call.spanId });
    const first = runPairer([dbServer, call]);
    expect(edgeLabels([...first.onAdd, ...first.onFlush])).toEqual(["orders → cockroachdb (database)"]);
    expect(countOutcomes(first.outcomes)).toEqual({ paired: 2, virtual: 0, expired: 0, dropped: 0 });
    // Arriving after the edge was emitted, the database's span is left to expire (the known gap).
    expect(countOutcomes(runPairer([call, dbServer]).outcomes).expired).toBe(1);
  });
});

describe("SpanPairer: messaging", () => {
  const producer = makeSpan({
    service: "checkout",
    kind: SpanKind.PRODUCER,
    messagingSystem: "kafka",
    messagingDestination: "orders",
    startUs: 1_000_000,
    durationUs: 500,
  });

  it("pairs PRODUCER → CONSUMER child with queue latency = consumer start − producer end", () => {
    const consumer = makeSpan({
      service: "billing",
      kind: SpanKind.CONSUMER,
      parentSpanId: producer.spanId,
      startUs: 1_010_500,
      durationUs: 700,
    });
    const [edge] = runPairer([producer, consumer]).onAdd;
    expect(edge).toMatchObject({ client: "checkout", server: "billing", connectionType: "messaging", queueLatencyUs: 10_000 });
  });

  it("clamps the queue latency at 0 when clocks are skewed", () => {
    const consumer = makeSpan({ service: "billing", kind: SpanKind.CONSUMER, parentSpanId: producer.spanId, startUs: 900_000 });
    expect(runPairer([producer, consumer]).onAdd[0].queueLatencyUs).toBe(0);
  });

  it("pairs a CONSUMER in another trace through its link to the PRODUCER span", () => {
    const consumer = makeSpan({
      traceId: TRACE_B,
      service: "billing",
      kind: SpanKind.CONSUMER,
      parentSpanId: null,
      startUs: 1_002_500,
      links: [{ traceId: producer.traceId, spanId: producer.spanId, attributes: {} }],
    });
    for (const order of [[producer, consumer], [consumer, producer]]) {
      const run = runPairer(order);
      expect(run.onAdd).toHaveLength(1);
      expect(run.onAdd[0]).toMatchObject({ client: "checkout", server: "billing", origin: "link", queueLatencyUs: 2000 });
      // The root consumer was filed under its link, not turned into a "user" edge.
      expect(run.onFlush).toHaveLength(0);
    }
  });

  it("counts a consumer once when its link points at its own parent", () => {
    const consumer = makeSpan({
      service: "billing",
      kind: SpanKind.CONSUMER,
      parentSpanId: producer.spanId,
      links: [{ traceId: producer.traceId, spanId: producer.spanId, attributes: {} }],
    });
    const run = runPairer([producer, consumer]);
    expect(run.onAdd.map((e) => e.origin)).toEqual(["paired"]);
    expect(countOutcomes(run.outcomes)).toEqual({ paired: 2, virtual: 0, expired: 0, dropped: 0 });
  });

  it("counts one delivery per link of a batch consumer", () => {
    const second = makeSpan({ service: "checkout", kind: SpanKind.PRODUCER, messagingSystem: "kafka" });
    const batch = makeSpan({
      traceId: TRACE_B,
      service: "billing",
      kind: SpanKind.CONSUMER,
      links: [producer, second].map((p) => ({ traceId: p.traceId, spanId: p.spanId, attributes: {} })),
    });
    expect(runPairer([producer, second, batch]).onAdd.map((e) => e.origin)).toEqual(["link", "link"]);
  });

  it("pairs every subscriber of one message (pub/sub fan-out)", () => {
    const a = makeSpan({ service: "billing", kind: SpanKind.CONSUMER, parentSpanId: producer.spanId });
    const b = makeSpan({ service: "audit", kind: SpanKind.CONSUMER, parentSpanId: producer.spanId });
    const run = runPairer([producer, a, b]);
    expect(edgeLabels(run.onAdd)).toEqual(["checkout → audit (messaging)", "checkout → billing (messaging)"]);
    expect(run.onAdd.map((e) => e.origin)).toEqual(["paired", "fanout"]);
    expect(countOutcomes(run.outcomes)).toEqual({ paired: 3, virtual: 0, expired: 0, dropped: 0 });
  });
});

describe("SpanPairer: virtual nodes and expiry", () => {
  it("names the caller of a root SERVER span 'user', or its peer attribute", () => {
    const anonymous = makeSpan({ service: "web", kind: SpanKind.SERVER, durationUs: 4000 });
    const named = makeSpan({ service: "web", kind: SpanKind.SERVER, peerService: "partner-portal" });
    const run = runPairer([anonymous, named]);
    expect(edgeLabels(run.onAdd)).toEqual(["partner-portal → web (virtual)", "user → web (virtual)"]);
    expect(run.onAdd[0]).toMatchObject({ clientDurationUs: 4000, serverDurationUs: 4000, origin: "virtual" });
    expect(countOutcomes(run.outcomes).virtual).toBe(2);
  });

  it("names the server of an unanswered CLIENT span from its peer attribute, only after the TTL", () => {
    const pairer = new SpanPairer({ ttlMs: 10_000 });
    const call = makeSpan({ service: "checkout", kind: SpanKind.CLIENT, serverAddress: "api.stripe.com", httpMethod: "POST" });
    expect(pairer.add(call, 1_000).edges).toHaveLength(0);
    expect(pairer.expire(10_999).edges).toHaveLength(0);
    const expired = pairer.expire(11_000);
    expect(expired.edges).toHaveLength(1);
    expect(expired.edges[0]).toMatchObject({ client: "checkout", server: "api.stripe.com", connectionType: "virtual" });
    expect(expired.outcomes).toEqual([{ service: "checkout", startUs: call.startUs, outcome: "virtual" }]);
    expect(pairer.pendingCount).toBe(0);
  });

  it("counts a half-edge with nothing to name its peer as expired", () => {
    const lonelyClient = makeSpan({ service: "checkout", kind: SpanKind.CLIENT });
    const orphanServer = makeSpan({ service: "backend", kind: SpanKind.SERVER, parentSpanId: "00000000000000aa" });
    const run = runPairer([lonelyClient, orphanServer]);
    expect(run.onAdd).toHaveLength(0);
    expect(run.onFlush).toHaveLength(0);
    expect(countOutcomes(run.outcomes)).toEqual({ paired: 0, virtual: 0, expired: 2, dropped: 0 });
  });

  it("refuses new half-edges when the store is full and counts them as dropped", () => {
    const spans = [1, 2, 3].map(() => makeSpan({ service: "checkout", kind: SpanKind.CLIENT }));
    const run = runPairer(spans, { maxItems: 2 });
    expect(countOutcomes(run.outcomes)).toEqual({ paired: 0, virtual: 0, expired: 2, dropped: 1 });
    // A span that completes a waiting edge needs no room: pairing still works when full.
    const { client, server } = clientServerPair();
    const full = runPairer([client, makeSpan({ kind: SpanKind.CLIENT }), server], { maxItems: 2 });
    expect(full.onAdd).toHaveLength(1);
  });
});

describe("SpanPairer: fallback when span kinds are missing", () => {
  const parent = makeSpan({ service: "legacy-gateway", kind: SpanKind.UNSPECIFIED, durationUs: 9000, httpMethod: "GET" });
  const child = makeSpan({ service: "inventory", kind: SpanKind.UNSPECIFIED, parentSpanId: parent.spanId, durationUs: 7000 });

  it("pairs kind-less parent and child of different services, in either order", () => {
    for (const order of [[parent, child], [child, parent]]) {
      const run = runPairer(order);
      expect(run.onAdd).toHaveLength(1);
      expect(run.onAdd[0]).toMatchObject({
        client: "legacy-gateway",
        server: "inventory",
        connectionType: "http",
        clientDurationUs: 9000,
        serverDurationUs: 7000,
        origin: "fallback",
      });
    }
  });

  it("does not pair parent and child of the same service", () => {
    const inner = makeSpan({ service: "legacy-gateway", kind: SpanKind.INTERNAL, parentSpanId: parent.spanId });
    expect(runPairer([inner, parent]).onAdd).toHaveLength(0);
  });

  it("pairs a kind-less parent with a SERVER child instead of expiring the server side", () => {
    const server = makeSpan({ service: "inventory", kind: SpanKind.SERVER, parentSpanId: parent.spanId });
    for (const order of [[parent, server], [server, parent]]) {
      const run = runPairer(order);
      expect(edgeLabels(run.onAdd)).toEqual(["legacy-gateway → inventory (http)"]);
      expect(countOutcomes(run.outcomes)).toEqual({ paired: 2, virtual: 0, expired: 0, dropped: 0 });
    }
  });

  it("completes a CLIENT span with a kind-less child instead of inventing a virtual server", () => {
    const call = makeSpan({ service: "legacy-gateway", kind: SpanKind.CLIENT, peerService: "inventory-api" });
    const handler = makeSpan({ service: "inventory", kind: SpanKind.INTERNAL, parentSpanId: call.spanId });
    for (const order of [[call, handler], [handler, call]]) {
      const run = runPairer(order);
      expect(edgeLabels(run.onAdd)).toEqual(["legacy-gateway → inventory (other)"]);
      expect(run.onFlush).toHaveLength(0);
    }
  });

  it("takes the call's duration from the child when the parent is a SERVER span", () => {
    const inbound = makeSpan({ service: "web", kind: SpanKind.SERVER, parentSpanId: null, durationUs: 50_000 });
    const work = makeSpan({ service: "worker", kind: SpanKind.INTERNAL, parentSpanId: inbound.spanId, durationUs: 8000 });
    const fallback = runPairer([work, inbound]).onAdd.find((e) => e.origin === "fallback");
    expect(fallback).toMatchObject({ client: "web", server: "worker", clientDurationUs: 8000, serverDurationUs: 8000 });
  });
});

describe("SpanPairer: bad input and bounds", () => {
  it("never throws on odd spans and keeps every store within its bound", () => {
    const pairer = new SpanPairer({ maxItems: 50, maxIndexedSpans: 100, maxWaitingChildren: 20 });
    const odd = [
      makeSpan({ service: "", kind: SpanKind.CLIENT, durationUs: Number.NaN }),
      makeSpan({ kind: SpanKind.CONSUMER, parentSpanId: "00000000000000aa", links: [{ traceId: "zz", spanId: "", attributes: {} }] }),
      makeSpan({ kind: SpanKind.SERVER, startUs: -5, durationUs: -1 }),
      makeSpan({ kind: 7 as never }),
    ];
    for (const s of odd) expect(() => pairer.add(s, 0)).not.toThrow();
    expect(pairer.add(makeSpan({ service: " ", kind: SpanKind.SERVER }), 0).edges[0].server).toBe("unknown_service");
    for (let i = 0; i < 500; i++) {
      pairer.add(makeSpan({ kind: i % 2 ? SpanKind.CLIENT : SpanKind.INTERNAL, parentSpanId: nextSpanId() }), i);
      expect(pairer.pendingCount).toBeLessThanOrEqual(50);
    }
    pairer.flush();
    expect(pairer.pendingCount).toBe(0);
  });
});
