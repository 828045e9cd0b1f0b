// The aggregator finds its rows through nested Maps for speed. This test holds it to the plain
// definition — one row per concatenated key, the per-service operation cap as a set of
// (operation, kind) pairs, rows in creation order — on a random stream that crosses minutes,
// hits the cap, uses the literal OTHER_OPERATION name and drains part-way.
import { describe, expect, it } from "vitest";
import { emptyHistogram, observe } from "@/lib/contracts/histogram";
import type { EdgeMinute, NodeMinute, PairingQualityMinute } from "@/lib/contracts/rollup";
import { SpanKind, StatusCode, type NormalizedSpan } from "@/lib/contracts/span";
import { isErrorSpan } from "@/lib/pairing/is-error";
import { makeSpan } from "@/lib/pairing/testing/make-span";
import { nodeName } from "@/lib/pairing/virtual-node-naming";
import type { EdgeObservation, PairingOutcome } from "@/lib/pairing/types";
import { MinuteAggregator, OTHER_OPERATION } from "./minute-aggregator";
import { minuteOfUs } from "./minute";
import { hasOperationRow, isEntrySpan, operationName, statusClass } from "./span-node-rows";

const MAX_OPS = 3;

/** The definition, written the slow and obvious way. */
class ReferenceAggregator {
  nodes = new Map<string, NodeMinute>();
  edges = new Map<string, EdgeMinute>();
  quality = new Map<string, PairingQualityMinute>();
  seen = new Map<string, Set<string>>();

  addSpan(span: NormalizedSpan): void {
    const minuteMs = minuteOfUs(span.startUs);
    const service = nodeName(span.service, "unknown_service");
    const failed = isErrorSpan(span);
    const cls = statusClass(span, failed);
    if (isEntrySpan(span)) this.count(minuteMs, service, null, 0, span.durationUs, failed, cls);
    if (!hasOperationRow(span)) return;
    const key = `${minuteMs}|${service}`;
    const seen = this.seen.get(key) ?? new Set<string>();
    this.seen.set(key, seen);
    let operation = operationName(span);
    const id = `${operation}|${span.kind}`;
    if (!seen.has(id)) {
      if (seen.size >= MAX_OPS) operation = OTHER_OPERATION;
      else seen.add(id);
    }
    this.count(minuteMs, service, operation, span.kind, span.durationUs, failed, cls);
  }

  count(minuteMs: number, service: string, operation: string | null, spanKind: number, durationUs: number, failed: boolean, cls: string): void {
    const key = `${minuteMs}|${service}|${operation}|${spanKind}`;
    let row = this.nodes.get(key);
    if (!row) this.nodes.set(key, (row = { minuteMs, service, operation, spanKind, calls: 0, errors: 0, duration: emptyHistogram(), statusClasses: {} }));
    row.calls++;
    if (failed) row.errors++;
    observe(row.duration, durationUs);
    row.statusClasses[cls] = (row.statusClasses[cls] ?? 0) + 1;
  }

  addEdge(e: EdgeObservation): void {
    const minuteMs = minuteOfUs(e.startUs);
    const key = `${minuteMs}|${e.client}|${e.server}|${e.connectionType}`;
    let row = this.edges.get(key);
    if (!row) {
      row = { minuteMs, client: e.client, server: e.server, connectionType: e.connectionType, calls: 0, errors: 0, clientLatency: emptyHistogram(), serverLatency: emptyHistogram(), queueLatency: null, exemplars: [] };
      this.edges.set(key, row);
    }
    row.calls++;
    if (e.failed) row.errors++;
    observe(row.clientLatency, e.clientDurationUs);
    observe(row.serverLatency, e.serverDurationUs);
  }

  addOutcome(o: PairingOutcome): void {
    const minuteMs = minuteOfUs(o.startUs);
    const key = `${minuteMs}|${o.service}`;
    let row = this.quality.get(key);
    if (!row) this.quality.set(key, (row = { minuteMs, service: o.service, paired: 0, virtual: 0, expired: 0, dropped: 0 }));
    row[o.outcome]++;
  }

  drainClosed(before: number) {
    const take = <T extends { minuteMs: number }>(m: Map<string, T>) => {
      const out: T[] = [];
      for (const [k, row] of m) {
        if (row.minuteMs >= before) continue;
        m.delete(k);
        out.push(row);
      }
      return out;
    };
    for (const k of this.seen.keys()) if (Number(k.split("|")[0]) < before) this.seen.delete(k);
    return { edgeMinutes: take(this.edges), nodeMinutes: take(this.nodes), pairingQuality: take(this.quality) };
  }
}

let seed = 7;
const rand = (n: number) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
};

const MIN_US = 60_000_000;
const T0 = 29_000_000 * MIN_US;
const kinds = [SpanKind.UNSPECIFIED, SpanKind.INTERNAL, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER];
const names = ["GET /a", "GET /b", "POST /c", OTHER_OPERATION, "query", "send", "recv", "GET /d"];

function randomSpan(minute: number): NormalizedSpan {
  const useRoute = rand(3) === 0;
  return makeSpan({
    service: ["api", "web", "db-client", ""][rand(4)],
    kind: kinds[rand(kinds.length)],
    parentSpanId: rand(3) === 0 ? null : "00000000000000ab",
    flags: rand(4) === 0 ? 0x301 : 1,
    name: names[rand(names.length)],
    httpRoute: useRoute ? ["/users/{id}", "/items"][rand(2)] : null,
    httpMethod: useRoute ? ["get", "POST"][rand(2)] : null,
    httpStatusCode: rand(2) === 0 ? [200, 404, 503][rand(3)] : null,
    statusCode: rand(5) === 0 ? StatusCode.ERROR : StatusCode.UNSET,
    startUs: T0 + minute * MIN_US + rand(MIN_US),
    durationUs: rand(5_000_000),
  });
}

function randomEdge(minute: number): EdgeObservation {
  return {
    client: ["api", "web"][rand(2)],
    server: ["db", "api", "queue"][rand(3)],
    connectionType: (["http", "grpc", "database"] as const)[rand(3)],
    clientDurationUs: rand(100_000),
    serverDurationUs: rand(100_000),
    failed: rand(4) === 0,
    traceId: (rand(1e9) + 1).toString(16).padStart(32, "0"),
    startUs: T0 + minute * MIN_US + rand(MIN_US),
    origin: "paired",
  };
}

const withoutExemplars = (rows: EdgeMinute[]) => rows.map((r) => ({ ...r, exemplars: [] }));

describe("MinuteAggregator against its definition", () => {
  it("gives the same rows in the same order, through partial drains", () => {
    const agg = new MinuteAggregator({ maxOperationsPerService: MAX_OPS });
    const ref = new ReferenceAggregator();
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 400; i++) {
        const minute = round + rand(3);
        const span = randomSpan(minute);
        agg.addSpan(span);
        ref.addSpan(span);
        const edge = randomEdge(minute);
        agg.addEdge(edge);
        ref.addEdge(edge);
        const outcome: PairingOutcome = { service: span.service || "unknown_service", startUs: span.startUs, outcome: (["paired", "virtual", "expired", "dropped"] as const)[rand(4)] };
        agg.addOutcome(outcome);
        ref.addOutcome(outcome);
      }
      const before = T0 / 1000 + (round + 1) * 60_000;
      const got = agg.drainClosed(before);
      const want = ref.drainClosed(before);
      expect(got.nodeMinutes).toEqual(want.nodeMinutes);
      expect(got.pairingQuality).toEqual(want.pairingQuality);
      expect(withoutExemplars(got.edgeMinutes)).toEqual(withoutExemplars(want.edgeMinutes));
      expect(got.nodeMinutes.length).toBeGreaterThan(0);
    }
    const rest = agg.drain();
    const want = ref.drainClosed(Number.POSITIVE_INFINITY);
    expect(rest.nodeMinutes).toEqual(want.nodeMinutes);
    expect(withoutExemplars(rest.edgeMinutes)).toEqual(withoutExemplars(want.edgeMinutes));
    // the cap was reached and the literal name was used, so both paths were exercised
    expect(rest.nodeMinutes.some((r) => r.operation === OTHER_OPERATION)).toBe(true);
  });

  it("names an HTTP operation by method and route the same way every time", () => {
    const span = (httpMethod: string) => makeSpan({ httpRoute: "/users/{id}", httpMethod, name: "x" });
    expect(operationName(span("get"))).toBe("GET /users/{id}");
    expect(operationName(span("get"))).toBe("GET /users/{id}");
    expect(operationName(span("GET"))).toBe("GET /users/{id}");
    expect(operationName(makeSpan({ httpRoute: "/users/{id}", httpMethod: null, name: "x" }))).toBe("/users/{id}");
  });
});
