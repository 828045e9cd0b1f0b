import { describe, expect, it } from "vitest";
import { SpanKind, type NormalizedSpan } from "@/lib/contracts/span";
import { clientServerPair } from "@/lib/pairing/testing/make-span";
import type { SpanIntake } from "../pipeline/consumer";
import { AddressMap } from "./address-map";
import { SpanProcessor } from "./span-processor";

const T0 = 1_700_000_000_000;
const pairs = Array.from({ length: 10 }, (_, i) => clientServerPair({ traceId: i.toString(16).padStart(32, "a"), startUs: T0 * 1000 }));
const intake = (spans: NormalizedSpan[], atMs: number): SpanIntake => ({ kind: "spans", encoding: "json", body: new Uint8Array(), spans: spans.map((s) => ({ ...s })), rejected: 0, receivedAtMs: atMs });

function processor() {
  return new SpanProcessor({ cluster: "c1", pairingWaitMs: 10_000, pairingMaxItems: 1000, maxRawSpans: 1000, addressMap: new AddressMap(), onRawFull: () => undefined });
}

function edgeCalls(rows: { edgeMinutes: { client: string; server: string; calls: number }[] }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) for (const e of r.edgeMinutes) out[`${e.client}->${e.server}`] = (out[`${e.client}->${e.server}`] ?? 0) + e.calls;
  return out;
}

describe("span processor", () => {
  it("rebuilds the pairer's waiting spans after a crash, so pairs that straddle it still pair", async () => {
    const clients = pairs.map((p) => p.client);
    const servers = pairs.map((p) => p.server);

    const calm = processor();
    await calm.consume(intake(clients, T0));
    const calmFirst = calm.drainAggregates();
    await calm.consume(intake(servers, T0 + 2000));
    calm.flushPairing();
    const calmEdges = edgeCalls([calmFirst, calm.drainAggregates()]);
    expect(calmEdges["frontend->backend"]).toBe(10);

    const beforeCrash = processor();
    await beforeCrash.consume(intake(clients, T0));
    const shipped = beforeCrash.drainAggregates(); // committed; then the process dies
    const clock = beforeCrash.pairerClockMs;

    const restarted = processor();
    restarted.rehydrate(intake(clients, T0).spans, T0);
    restarted.finishRehydration(clock);
    expect(restarted.drainAggregates().edgeMinutes).toEqual([]); // nothing emitted twice
    await restarted.consume(intake(servers, T0 + 2000));
    restarted.flushPairing();
    expect(edgeCalls([shipped, restarted.drainAggregates()])).toEqual(calmEdges);
  });

  it("aggregates every span and fills the cluster name where the resource gave none", async () => {
    const p = processor();
    await p.consume(intake([...pairs.map((x) => x.client), { ...pairs[0].server, k8sCluster: "other" }], T0));
    const raw = p.takeRaw();
    expect(raw).toHaveLength(11);
    expect(raw[0].k8sCluster).toBe("c1");
    expect(raw[10].k8sCluster).toBe("other");
    const nodes = p.drainAggregates().nodeMinutes.filter((n) => n.operation !== null);
    expect(nodes.reduce((n, r) => n + r.calls, 0)).toBe(11);
  });
});

describe("span processor: peer addresses", () => {
  it("ships the database address a client span talked to as a peer observation, beside the resource claims", async () => {
    const p = processor();
    const db: NormalizedSpan = { ...pairs[0].client, kind: SpanKind.CLIENT, k8sPodIp: "10.1.0.7", dbSystem: "postgresql", serverAddress: "postgres", networkPeerAddress: "10.1.20.11", networkPeerPort: 5432 };
    await p.consume(intake([db], T0));
    const { addresses } = p.drainAggregates();
    expect(addresses.filter((a) => a.peer)).toEqual([expect.objectContaining({ address: "10.1.20.11", service: "postgres", workload: null, peer: true })]);
    expect(addresses.filter((a) => !a.peer).map((a) => a.address)).toEqual(["10.1.0.7"]);
    expect(p.drainAggregates().addresses).toEqual([]); // drained once
  });
});
