import { describe, expect, it } from "vitest";
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
});
