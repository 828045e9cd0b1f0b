import { describe, expect, it } from "vitest";
import { addressObservationSchema } from "@/lib/contracts/ingest-batch";
import { SpanKind } from "@/lib/contracts/span";
import { makeSpan } from "@/lib/pairing/testing/make-span";
import { AddressObservationTracker, isIpAddress, resourceAddress } from "./address-observations";

describe("resourceAddress", () => {
  it("uses the pod IP, and the host IP only outside Kubernetes", () => {
    expect(resourceAddress(makeSpan({ k8sPodIp: "10.1.2.3", hostIp: "192.168.0.5" }))).toBe("10.1.2.3");
    expect(resourceAddress(makeSpan({ k8sPodName: "web-7d9", hostIp: "192.168.0.5" }))).toBeNull();
    expect(resourceAddress(makeSpan({ hostIp: "192.168.0.5" }))).toBe("192.168.0.5");
    expect(resourceAddress(makeSpan({ hostIp: "not an ip" }))).toBeNull();
  });

  it("accepts IPv4 and IPv6 literals only", () => {
    expect(isIpAddress("fd00::1")).toBe(true);
    expect(isIpAddress("256.1.1.1")).toBe(false);
    expect(isIpAddress("web.local")).toBe(false);
  });
});

describe("AddressObservationTracker", () => {
  it("keeps first and last seen per address and service, from span times", () => {
    const t = new AddressObservationTracker();
    const pod = { service: "cart", k8sPodIp: "10.1.2.3", k8sWorkload: "cart", k8sNamespace: "shop" };
    t.observe(makeSpan({ ...pod, startUs: 5_000_000, durationUs: 1_000_000 }));
    t.observe(makeSpan({ ...pod, startUs: 2_000_000, durationUs: 10 }));
    t.observe(makeSpan({ ...pod, service: "cart-v2", startUs: 9_000_000 }));
    const out = t.drain();
    expect(out).toHaveLength(2);
    expect(out[0]).toEqual({ address: "10.1.2.3", service: "cart", workload: "cart", namespace: "shop", firstSeenMs: 2000, lastSeenMs: 6000 });
    for (const o of out) expect(addressObservationSchema.safeParse(o).success).toBe(true);
    expect(t.drain()).toEqual([]);
  });

  it("learns the peer of a database or messaging client span, marked, never an HTTP peer or a shared address", () => {
    const t = new AddressObservationTracker();
    const db = { kind: SpanKind.CLIENT, service: "accounts", dbSystem: "postgresql", serverAddress: "postgres", networkPeerAddress: "10.1.20.11", startUs: 1_000_000, durationUs: 2000 };
    t.observe(makeSpan(db));
    t.observe(makeSpan({ ...db, networkPeerAddress: "169.254.171.1" }));
    t.observe(makeSpan({ ...db, dbSystem: null, serverAddress: "checkout", networkPeerAddress: "10.1.0.9" }));
    t.observe(makeSpan({ ...db, kind: SpanKind.PRODUCER, dbSystem: null, messagingSystem: "kafka", messagingDestination: "orders", serverAddress: null, networkPeerAddress: "10.1.30.1" }));
    const out = t.drain();
    expect(out).toEqual([
      { address: "10.1.20.11", service: "postgres", workload: null, namespace: null, firstSeenMs: 1000, lastSeenMs: 1002, peer: true },
      { address: "10.1.30.1", service: "kafka", workload: null, namespace: null, firstSeenMs: 1000, lastSeenMs: 1002, peer: true },
    ]);
    for (const o of out) expect(addressObservationSchema.safeParse(o).success).toBe(true);
  });

  it("learns a pod a flow source named as an endpoint: no service, bounded names", () => {
    const t = new AddressObservationTracker();
    t.observeEndpoint("10.1.0.40", "kafka", "payments", 5000, 6000);
    t.observeEndpoint("10.1.0.40", "kafka", "payments", 2000, 2500);
    t.observeEndpoint("10.1.0.41", "w".repeat(600), "n".repeat(300), 1000, 900);
    const out = t.drain();
    expect(out[0]).toEqual({ address: "10.1.0.40", service: null, workload: "kafka", namespace: "payments", firstSeenMs: 2000, lastSeenMs: 6000, peer: true });
    expect(out[1]).toMatchObject({ workload: "w".repeat(512), namespace: "n".repeat(256), firstSeenMs: 1000, lastSeenMs: 1000 });
    for (const o of out) expect(addressObservationSchema.safeParse(o).success).toBe(true);
  });

  it("counts what it refuses when full", () => {
    const t = new AddressObservationTracker(1);
    t.observe(makeSpan({ k8sPodIp: "10.0.0.1" }));
    t.observe(makeSpan({ k8sPodIp: "10.0.0.2" }));
    t.observe(makeSpan({ k8sPodIp: "10.0.0.2" })); // the same resource again: refused again
    expect(t.drain()).toHaveLength(1);
    expect(t.refusedCount).toBe(2);
    t.observe(makeSpan({ k8sPodIp: "10.0.0.2" })); // room again after the drain
    expect(t.drain()).toHaveLength(1);
    expect(t.refusedCount).toBe(2);
  });

  it("gives runs of one resource the same observations as spans one by one", () => {
    const pods = [
      { service: "cart", k8sPodIp: "10.1.2.3", k8sWorkload: "cart", k8sNamespace: "shop" },
      { service: "cart", k8sPodIp: "10.1.2.3", k8sWorkload: "cart", k8sNamespace: "ops" },
      { service: "web", hostIp: "192.168.0.5" },
      { service: "web", k8sPodName: "web-1", hostIp: "192.168.0.5" }, // no address
    ];
    const spans = [0, 0, 0, 1, 1, 0, 2, 3, 3, 2, 0].map((p, i) => makeSpan({ ...pods[p], startUs: (10 + ((i * 7) % 5)) * 1_000_000, durationUs: i * 100_000 }));
    const runs = new AddressObservationTracker();
    for (const span of spans) runs.observe(span);
    const oneByOne = spans.map((span) => {
      const t = new AddressObservationTracker();
      t.observe(span);
      return t.drain();
    });
    // merged by hand: first seen is the minimum, last seen the maximum, per key
    const merged = new Map<string, (typeof oneByOne)[number][number]>();
    for (const o of oneByOne.flat()) {
      const key = [o.address, o.service, o.workload, o.namespace].join("|");
      const m = merged.get(key);
      merged.set(key, m ? { ...m, firstSeenMs: Math.min(m.firstSeenMs, o.firstSeenMs), lastSeenMs: Math.max(m.lastSeenMs, o.lastSeenMs) } : o);
    }
    expect(runs.drain()).toEqual([...merged.values()]);
  });
});
