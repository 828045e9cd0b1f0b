import { describe, expect, it } from "vitest";
import { addressObservationSchema } from "@/lib/contracts/ingest-batch";
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

  it("counts what it refuses when full", () => {
    const t = new AddressObservationTracker(1);
    t.observe(makeSpan({ k8sPodIp: "10.0.0.1" }));
    t.observe(makeSpan({ k8sPodIp: "10.0.0.2" }));
    expect(t.drain()).toHaveLength(1);
    expect(t.refusedCount).toBe(1);
  });
});
