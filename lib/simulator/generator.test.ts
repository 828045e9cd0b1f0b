// Determinism with a seed, topology shape, and every flow-log line accepted by the collector's parsers.
import { describe, expect, it } from "vitest";
import { createParser } from "@/collectors/parsers";
import type { FlowSourceKind } from "@/lib/contracts/flow";
import { placeInstances } from "./instances";
import { paymentsTopology } from "./payments-topology";
import { createRandom } from "./random";
import { planWithFaults, T0 } from "./testing-plans";

describe("seeded generation", () => {
  it("the same seed gives the same spans, ids and lines; another seed does not", () => {
    const a = planWithFaults([{ name: "packet-loss" }], 200, 5);
    const b = planWithFaults([{ name: "packet-loss" }], 200, 5);
    const c = planWithFaults([{ name: "packet-loss" }], 200, 6);
    const strip = (p: typeof a) => p.spans.map((s) => ({ ...s, instance: s.instance.podName }));
    expect(strip(a)).toEqual(strip(b));
    expect([...a.lines]).toEqual([...b.lines]);
    expect(strip(a)).not.toEqual(strip(c));
  });

  it("the PRNG is uniform enough and forks independently", () => {
    const r = createRandom(3);
    const xs = Array.from({ length: 10_000 }, () => r.next());
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.02);
    expect(createRandom(3).fork("x").next()).toBe(createRandom(3).fork("x").next());
  });
});

describe("topology", () => {
  it("has 12+ instrumented services with 2+ instances and stable pod IPs per VPC", () => {
    const placement = placeInstances(paymentsTopology, 1);
    expect(paymentsTopology.services.length).toBeGreaterThanOrEqual(12);
    for (const s of paymentsTopology.services) expect(placement.byService.get(s.name)!.length).toBeGreaterThanOrEqual(2);
    const ips = placement.all.map((i) => i.podIp);
    expect(new Set(ips).size).toBe(ips.length);
    for (const i of placement.all) expect(i.podIp.startsWith(i.vpc.name === "a" ? "10.1." : "10.2.")).toBe(true);
    expect(placeInstances(paymentsTopology, 99).all.map((i) => i.podIp)).toEqual(ips);
  });

  it("every trace is one tree: server spans are children of client spans of another service", () => {
    const p = planWithFaults([], 100);
    const byId = new Map(p.spans.map((s) => [s.spanId, s]));
    for (const s of p.spans) {
      if (s.parentSpanId === null) continue;
      const parent = byId.get(s.parentSpanId)!;
      expect(parent.traceId).toBe(s.traceId);
      if (s.kind === 1) expect(parent.kind).toBe(2);
      if (s.kind === 4) expect(parent.kind).toBe(3);
      expect(s.startMs).toBeGreaterThanOrEqual(parent.startMs);
    }
  });
});

describe("flow-log lines", () => {
  const kinds: [string, FlowSourceKind][] = [["aws-vpc-flow/", "aws-vpc-flow"], ["aws-lattice/", "aws-lattice"], ["hubble/", "hubble"]];
  const p = planWithFaults([{ name: "network-reject" }, { name: "lattice-auth-deny" }, { name: "packet-loss" }], 900);

  it.each(kinds)("every %s line parses without rejection", (prefix, kind) => {
    const files = [...p.lines.keys()].filter((f) => f.startsWith(prefix));
    expect(files.length).toBeGreaterThan(0);
    let flows = 0;
    for (const file of files) {
      const parser = createParser(kind, { nowMs: T0 + 3_600_000 });
      p.lines.get(file)!.forEach((line, n) => {
        const r = parser.parseLine(line, n + 1);
        if ("rejected" in r && r.rejected) throw new Error(`${file}:${n + 1} rejected: ${r.rejected.reason}\n${line}`);
        if ("flows" in r) flows += r.flows.length;
      });
    }
    expect(flows).toBeGreaterThan(100);
  });

  it("flows use the spans' addresses, ports and times", () => {
    const call = p.calls.find((c) => c.serverService === "accounts" && c.outcome === "ok")!;
    const lines = p.lines.get("aws-vpc-flow/vpc-a.log")!.map((l) => l.split(" "));
    const match = lines.find((f) => f[3] === call.client.podIp && f[4] === call.dstAddr && f[6] === "8080");
    expect(match).toBeDefined();
    expect(Number(match![10])).toBeLessThanOrEqual(Math.floor(call.startMs / 1000));
    expect(Number(match![11])).toBeGreaterThanOrEqual(Math.floor(call.endMs / 1000));
    const lattice = p.lines.get("aws-lattice/access.jsonl")!.map((l) => JSON.parse(l));
    const cross = p.calls.find((c) => c.crossVpc && c.outcome === "ok")!;
    expect(lattice.some((l) => l.sourceIpPort.startsWith(`${cross.client.podIp}:`) && l.targetIpPort === `${cross.server!.podIp}:${cross.dstPort}`)).toBe(true);
  });
});
