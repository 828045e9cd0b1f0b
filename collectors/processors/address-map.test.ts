import { describe, expect, it } from "vitest";
import type { NormalizedFlow } from "@/lib/contracts/flow";
import { SpanKind, type NormalizedSpan } from "@/lib/contracts/span";
import { emptySpan } from "@/lib/pairing/testing/make-span";
import { AddressMap } from "./address-map";

const at = (ms: number) => ms * 1000;

describe("the agent's address map", () => {
  it("resolves a pod IP to the workload that held it at the flow's time, as IPs get reused", () => {
    const map = new AddressMap({ maxAddresses: 100, graceMs: 1000 });
    map.learn({ ...emptySpan(), k8sPodIp: "10.1.0.5", k8sNamespace: "shop", k8sWorkload: "cart", startUs: at(10_000), durationUs: 5000 });
    map.learn({ ...emptySpan(), k8sPodIp: "10.1.0.5", service: "billing", startUs: at(50_000), durationUs: 5000 });
    expect(map.lookup("10.1.0.5", 10_500)).toBe("shop/cart");
    expect(map.lookup("10.1.0.5", 50_002)).toBe("billing");
    expect(map.lookup("10.1.0.5", 30_000)).toBeNull(); // nobody held it then
    expect(map.lookup("10.9.9.9", 10_500)).toBeNull();
  });

  it("ignores a Kubernetes node's host IP, stays bounded, and survives a snapshot", () => {
    const map = new AddressMap({ maxAddresses: 2, graceMs: 1000 });
    map.learn({ ...emptySpan(), k8sPodName: "p", hostIp: "10.0.0.1", startUs: at(1000) });
    expect(map.size).toBe(0);
    for (const ip of ["10.1.0.1", "10.1.0.2", "10.1.0.3"]) map.learn({ ...emptySpan(), k8sPodIp: ip, startUs: at(1000) });
    expect(map.size).toBe(2);
    const copy = new AddressMap({ maxAddresses: 2, graceMs: 1000 });
    copy.load(JSON.parse(JSON.stringify(map.toJSON())));
    expect(copy.lookup("10.1.0.3", 1000)).toBe("svc");
    expect(copy.lookup("10.1.0.1", 1000)).toBeNull();
  });

  it("forgets the least recently seen address first, runs of one address included", () => {
    const map = new AddressMap({ maxAddresses: 2, graceMs: 1000 });
    const learn = (ip: string) => map.learn({ ...emptySpan(), k8sPodIp: ip, startUs: at(1000) });
    for (const ip of ["10.1.0.1", "10.1.0.2", "10.1.0.2", "10.1.0.1", "10.1.0.1", "10.1.0.3"]) learn(ip);
    expect(map.lookup("10.1.0.1", 1000)).toBe("svc");
    expect(map.lookup("10.1.0.2", 1000)).toBeNull(); // seen last before 10.1.0.1's run
    expect(map.lookup("10.1.0.3", 1000)).toBe("svc");
  });
});

describe("peer addresses learned from database and messaging client spans", () => {
  const pg = (over: Partial<NormalizedSpan> = {}): NormalizedSpan => ({
    ...emptySpan(),
    kind: SpanKind.CLIENT,
    service: "accounts",
    k8sPodIp: "10.1.0.7",
    dbSystem: "postgresql",
    serverAddress: "postgres",
    networkPeerAddress: "10.1.20.11",
    networkPeerPort: 5432,
    startUs: at(10_000),
    durationUs: 2000,
    ...over,
  });

  it("names the database's pod IP as the graph names the database node; the caller's own claim is untouched", () => {
    const map = new AddressMap({ maxAddresses: 100, graceMs: 1000 });
    map.learn(pg());
    expect(map.lookup("10.1.20.11", 10_001)).toBe("postgres");
    expect(map.lookup("10.1.0.7", 10_001)).toBe("accounts");
    expect(map.lookup("10.1.20.11", 20_000)).toBeNull(); // outside the time it was seen
  });

  it("names a broker by its server.address, else its messaging system, never by a topic", () => {
    const map = new AddressMap({ maxAddresses: 100, graceMs: 1000 });
    map.learn(pg({ kind: SpanKind.PRODUCER, dbSystem: null, messagingSystem: "kafka", messagingDestination: "payments.settled", serverAddress: "kafka", networkPeerAddress: "10.1.30.1" }));
    map.learn(pg({ kind: SpanKind.PRODUCER, dbSystem: null, messagingSystem: "kafka", messagingDestination: "t", serverAddress: null, networkPeerAddress: "10.1.30.2" }));
    expect([map.lookup("10.1.30.1", 10_000), map.lookup("10.1.30.2", 10_000)]).toEqual(["kafka", "kafka"]);
  });

  it("never lets a peer observation override what a service's own resource claims", () => {
    const map = new AddressMap({ maxAddresses: 100, graceMs: 1000 });
    map.learn({ ...emptySpan(), k8sPodIp: "10.1.20.11", k8sNamespace: "payments", k8sWorkload: "ledger", startUs: at(10_000), durationUs: 5000 });
    map.learn(pg({ startUs: at(10_500), durationUs: 60_000_000 })); // a stale or proxied peer address
    expect(map.lookup("10.1.20.11", 10_500)).toBe("payments/ledger");
    // where no claim holds (long after the service was last seen there), the peer fills the gap
    expect(map.lookup("10.1.20.11", 60_000)).toBe("postgres");
  });

  it.each([
    ["a SERVER span", { kind: SpanKind.SERVER }],
    ["an HTTP client span (its server claims its own address)", { dbSystem: null, httpMethod: "GET", serverAddress: "ledger" }],
    ["a shared link-local peer (Lattice)", { networkPeerAddress: "169.254.171.1" }],
    ["a peer that is not an IP literal", { networkPeerAddress: "postgres.payments.svc" }],
    ["a span naming the peer only by its address", { serverAddress: null, dbSystem: null, dbNamespace: null, messagingSystem: null }],
  ] as const)("learns nothing from %s", (_name, over) => {
    const map = new AddressMap({ maxAddresses: 100, graceMs: 1000 });
    map.learn(pg(over as Partial<NormalizedSpan>));
    expect(map.peerCount).toBe(0);
  });

  it("keeps peers across a snapshot, and reads a snapshot of claims only (older agents)", () => {
    const map = new AddressMap({ maxAddresses: 100, graceMs: 1000 });
    map.learn(pg());
    const copy = new AddressMap({ maxAddresses: 100, graceMs: 1000 });
    copy.load(JSON.parse(JSON.stringify(map.toJSON())));
    expect([copy.lookup("10.1.20.11", 10_000), copy.lookup("10.1.0.7", 10_000)]).toEqual(["postgres", "accounts"]);
    const old = new AddressMap({ maxAddresses: 100, graceMs: 1000 });
    old.load([["10.1.0.7", [{ name: "accounts", fromMs: 0, toMs: 1 }]]]);
    expect([old.size, old.peerCount]).toEqual([1, 0]);
  });
});

describe("pod addresses named by Hubble endpoints", () => {
  const hubble = (over: Partial<NormalizedFlow> = {}): NormalizedFlow => ({
    sourceKind: "hubble", observer: "node-a", srcAddr: "10.1.0.7", dstAddr: "10.1.22.11", srcPort: 41000, dstPort: 9092, protocol: 6, bytes: 1, packets: 1,
    startMs: 10_000, endMs: 10_000, verdict: "accept", reason: null, tcpFlags: 2, direction: null, srcWorkload: "payments", dstWorkload: "kafka",
    srcNamespace: "payments", dstNamespace: "payments", l7Protocol: null, l7Method: null, l7Path: null, l7Status: null, l7LatencyUs: null, traceId: null,
    vpcId: null, subnetId: null, accountId: null, region: null, attributes: { "source.pod_name": "payments-7d9f8b6c5d-x2x4z", "destination.pod_name": "kafka-0" },
    ...over,
  });

  it("names both pods, ranks below claims and peers, and ignores reserved identities and other sources", () => {
    const map = new AddressMap({ maxAddresses: 100, graceMs: 1000 });
    map.learnFlow(hubble());
    expect([map.lookup("10.1.22.11", 10_000), map.lookup("10.1.0.7", 10_000)]).toEqual(["payments/kafka", "payments/payments"]);
    map.learn({ ...emptySpan(), kind: SpanKind.CLIENT, k8sPodIp: "10.1.0.7", service: "pay", dbSystem: "postgresql", serverAddress: "postgres", networkPeerAddress: "10.1.22.11", startUs: at(10_000) });
    expect([map.lookup("10.1.22.11", 10_000), map.lookup("10.1.0.7", 10_000)]).toEqual(["postgres", "pay"]);

    const other = new AddressMap({ maxAddresses: 100, graceMs: 1000 });
    other.learnFlow(hubble({ srcAddr: "10.0.0.1", attributes: { "source.pod_name": "x", "source.reserved": "host" } }));
    other.learnFlow(hubble({ srcAddr: "10.0.0.2", attributes: {} }));
    other.learnFlow(hubble({ sourceKind: "aws-vpc-flow", dstAddr: "10.0.0.3" }));
    expect(other.endpointCount).toBe(0);
  });

  it("survives a snapshot", () => {
    const map = new AddressMap({ maxAddresses: 100, graceMs: 1000 });
    map.learnFlow(hubble());
    const copy = new AddressMap({ maxAddresses: 100, graceMs: 1000 });
    copy.load(JSON.parse(JSON.stringify(map.toJSON())));
    expect([copy.size, copy.peerCount, copy.endpointCount, copy.lookup("10.1.22.11", 10_000)]).toEqual([0, 0, 2, "payments/kafka"]);
  });
});
