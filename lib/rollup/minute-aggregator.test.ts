import { describe, expect, it } from "vitest";
import { bucketIndex } from "@/lib/contracts/histogram";
import { edgeMinuteSchema, nodeMinuteSchema, pairingQualityMinuteSchema } from "@/lib/contracts/rollup";
import { SpanKind, StatusCode } from "@/lib/contracts/span";
import { makeSpan } from "@/lib/pairing/testing/make-span";
import type { EdgeObservation } from "@/lib/pairing/types";
import { MinuteAggregator, OTHER_OPERATION } from "./minute-aggregator";

const MIN = 60_000_000; // one minute in microseconds
const T0 = 28_333_333 * MIN; // a minute boundary, in µs
const T0_MS = T0 / 1000;
const id = (n: number) => n.toString(16).padStart(32, "0");

function edge(fields: Partial<EdgeObservation>): EdgeObservation {
  return {
    client: "web",
    server: "api",
    connectionType: "http",
    clientDurationUs: 1000,
    serverDurationUs: 800,
    failed: false,
    traceId: id(1),
    startUs: T0,
    origin: "paired",
    ...fields,
  };
}

describe("MinuteAggregator: edges", () => {
  it("counts calls and errors and fills both latency histograms", () => {
    const agg = new MinuteAggregator();
    agg.addEdge(edge({ clientDurationUs: 1000, serverDurationUs: 800 }));
    agg.addEdge(edge({ clientDurationUs: 250_000, serverDurationUs: 240_000, failed: true, traceId: id(2) }));
    agg.addEdge(edge({ startUs: T0 + MIN - 1, traceId: id(3) }));
    agg.addEdge(edge({ startUs: T0 + MIN, traceId: id(4) })); // next minute
    const { edgeMinutes } = agg.drain();
    expect(edgeMinutes).toHaveLength(2);
    const [first] = edgeMinutes.filter((r) => r.minuteMs === T0_MS);
    expect(first).toMatchObject({ client: "web", server: "api", connectionType: "http", calls: 3, errors: 1, queueLatency: null });
    expect(first.clientLatency.count).toBe(3);
    expect(first.clientLatency.sumUs).toBe(252_000);
    expect(first.clientLatency.counts[bucketIndex(1000)]).toBe(2);
    expect(first.clientLatency.counts[bucketIndex(250_000)]).toBe(1);
    expect(first.serverLatency.counts[bucketIndex(240_000)]).toBe(1);
    expect(first.exemplars[0]).toBe(id(2)); // the failed call first
    for (const row of edgeMinutes) expect(edgeMinuteSchema.safeParse(row).success).toBe(true);
  });

  it("keeps a queue-latency histogram for messaging edges only", () => {
    const agg = new MinuteAggregator();
    agg.addEdge(edge({ connectionType: "messaging", queueLatencyUs: 9882 }));
    agg.addEdge(edge({ connectionType: "http" }));
    const rows = agg.drain().edgeMinutes;
    const messaging = rows.find((r) => r.connectionType === "messaging")!;
    expect(messaging.queueLatency?.count).toBe(1);
    expect(messaging.queueLatency?.counts[bucketIndex(9882)]).toBe(1);
    expect(rows.find((r) => r.connectionType === "http")!.queueLatency).toBeNull();
  });
});

describe("MinuteAggregator: nodes", () => {
  const parent = "00000000000000ab";

  it("counts a SERVER span in the whole-service row and in its operation row", () => {
    const agg = new MinuteAggregator();
    const server = { service: "api", kind: SpanKind.SERVER, parentSpanId: parent, httpMethod: "GET", httpRoute: "/users/{id}", startUs: T0 };
    agg.addSpan(makeSpan({ ...server, httpStatusCode: 200, durationUs: 3000 }));
    agg.addSpan(makeSpan({ ...server, httpStatusCode: 503, durationUs: 9000 }));
    agg.addSpan(makeSpan({ service: "api", kind: SpanKind.INTERNAL, parentSpanId: parent, startUs: T0 })); // nested: no row
    agg.addSpan(makeSpan({ service: "api", kind: SpanKind.CLIENT, parentSpanId: parent, name: "SELECT", startUs: T0, statusCode: StatusCode.ERROR }));
    const rows = agg.drain().nodeMinutes;
    const whole = rows.find((r) => r.operation === null)!;
    expect(whole).toMatchObject({ service: "api", spanKind: 0, calls: 2, errors: 1, statusClasses: { "2xx": 1, "5xx": 1 } });
    expect(whole.duration.counts[bucketIndex(9000)]).toBe(1);
    expect(rows.find((r) => r.operation === "GET /users/{id}")).toMatchObject({ spanKind: SpanKind.SERVER, calls: 2 });
    expect(rows.find((r) => r.operation === "SELECT")).toMatchObject({ spanKind: SpanKind.CLIENT, calls: 1, errors: 1, statusClasses: { error: 1 } });
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(nodeMinuteSchema.safeParse(row).success).toBe(true);
  });

  it("gives a service that only sends client spans a whole-service row from its root spans", () => {
    const agg = new MinuteAggregator();
    agg.addSpan(makeSpan({ service: "loadgen", kind: SpanKind.CLIENT, parentSpanId: null, startUs: T0, rpcStatus: "OK", rpcSystem: "grpc" }));
    const whole = agg.drain().nodeMinutes.find((r) => r.operation === null);
    expect(whole).toMatchObject({ service: "loadgen", calls: 1, statusClasses: { "grpc:OK": 1 } });
  });

  it("folds operations beyond the per-service cap into one row", () => {
    const agg = new MinuteAggregator({ maxOperationsPerService: 2 });
    for (const n of [1, 2, 3, 4, 1]) {
      agg.addSpan(makeSpan({ service: "api", kind: SpanKind.SERVER, parentSpanId: parent, name: `GET /users/${n}`, startUs: T0 }));
    }
    const ops = agg.drain().nodeMinutes.filter((r) => r.operation !== null);
    expect(ops.map((r) => [r.operation, r.calls]).sort()).toEqual([
      [OTHER_OPERATION, 2],
      ["GET /users/1", 2],
      ["GET /users/2", 1],
    ]);
  });
});

describe("MinuteAggregator: quality and draining", () => {
  it("counts pairing outcomes per service and minute", () => {
    const agg = new MinuteAggregator();
    agg.addPairing({
      edges: [],
      outcomes: [
        { service: "api", startUs: T0, outcome: "paired" },
        { service: "api", startUs: T0 + 5, outcome: "expired" },
        { service: "api", startUs: T0 + 6, outcome: "expired" },
        { service: "web", startUs: T0, outcome: "dropped" },
      ],
    });
    const q = agg.drain().pairingQuality;
    expect(q).toContainEqual({ minuteMs: T0_MS, service: "api", paired: 1, virtual: 0, expired: 2, dropped: 0 });
    expect(q).toContainEqual({ minuteMs: T0_MS, service: "web", paired: 0, virtual: 0, expired: 0, dropped: 1 });
    for (const row of q) expect(pairingQualityMinuteSchema.safeParse(row).success).toBe(true);
  });

  it("drainClosed returns only older minutes and keeps accumulating the open one", () => {
    const agg = new MinuteAggregator();
    agg.addEdge(edge({ startUs: T0 }));
    agg.addEdge(edge({ startUs: T0 + MIN }));
    agg.addSpan(makeSpan({ service: "api", kind: SpanKind.SERVER, startUs: T0 }));
    agg.addSpan(makeSpan({ service: "api", kind: SpanKind.SERVER, startUs: T0 + MIN }));
    const closed = agg.drainClosed(T0_MS + 60_000);
    expect(closed.edgeMinutes.map((r) => r.minuteMs)).toEqual([T0_MS]);
    expect(new Set(closed.nodeMinutes.map((r) => r.minuteMs))).toEqual(new Set([T0_MS]));
    agg.addEdge(edge({ startUs: T0 + MIN }));
    const rest = agg.drain();
    expect(rest.edgeMinutes).toHaveLength(1);
    expect(rest.edgeMinutes[0]).toMatchObject({ minuteMs: T0_MS + 60_000, calls: 2 });
    expect(agg.drain()).toEqual({ edgeMinutes: [], nodeMinutes: [], pairingQuality: [] });
  });
});
