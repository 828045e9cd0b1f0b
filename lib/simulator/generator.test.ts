// Determinism with a seed, topology shape, and every flow-log line accepted by the collector's parsers.
import { describe, expect, it } from "vitest";
import { createParser } from "@/collectors/parsers";
import type { FlowSourceKind } from "@/lib/contracts/flow";
import { placeInstances } from "./instances";
import { paymentsTopology } from "./payments-topology";
import { createRandom } from "./random";
import { planWithFaults, T0 } from "./testing-plans";
import { VPC_FLOW_FIELDS, VPC_FLOW_HEADER } from "./vpc-flow-lines";

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
    // (api-gateway's calls: the packet loss in force here is on payments → accounts)
    const call = p.calls.find((c) => c.serverService === "accounts" && c.client.service === "api-gateway" && c.outcome === "ok")!;
    const [header, ...records] = p.lines.get("aws-vpc-flow/vpc-a.log")!;
    expect(header).toBe(VPC_FLOW_HEADER);
    const at = (name: string) => VPC_FLOW_FIELDS.indexOf(name as (typeof VPC_FLOW_FIELDS)[number]);
    const lines = records.map((l) => l.split(" "));
    // the client's ENI: its node's address in srcaddr, the pod's in pkt-srcaddr; egress, SYN+FIN
    const match = lines.find((f) => f[at("pkt-srcaddr")] === call.client.podIp && f[at("pkt-dstaddr")] === call.dstAddr && f[at("dstport")] === "8080" && f[at("interface-id")] === call.client.eniId);
    expect(match).toBeDefined();
    expect(match![at("srcaddr")]).toBe(call.client.nodeIp);
    expect([match![at("flow-direction")], match![at("tcp-flags")], match![at("traffic-path")], match![at("version")]]).toEqual(["egress", "3", "1", "5"]);
    expect(Number(match![at("start")])).toBeLessThanOrEqual(Math.floor(call.startMs / 1000));
    expect(Number(match![at("end")])).toBeGreaterThanOrEqual(Math.floor(call.endMs / 1000));
    // and the answer, SYN-ACK+FIN, inbound
    const answer = lines.find((f) => f[at("pkt-srcaddr")] === call.dstAddr && f[at("pkt-dstaddr")] === call.client.podIp && f[at("srcport")] === "8080" && f[at("interface-id")] === call.client.eniId);
    expect([answer![at("flow-direction")], answer![at("tcp-flags")], answer![at("traffic-path")]]).toEqual(["ingress", "19", "-"]);
    const lattice = p.lines.get("aws-lattice/access.jsonl")!.map((l) => JSON.parse(l));
    const cross = p.calls.find((c) => c.crossVpc && c.outcome === "ok")!;
    expect(lattice.some((l) => l.sourceIpPort.startsWith(`${cross.client.podIp}:`) && l.targetIpPort === `${cross.server!.podIp}:${cross.dstPort}`)).toBe(true);
  });

  it("Hubble L7: each in-cluster HTTP or gRPC call as REQUEST and RESPONSE with the trace id, and the DNS lookups before connections", () => {
    const p = planWithFaults([], 300); // no fault: cards reaches the card network
    const hubble = p.lines.get("hubble/payments-core.jsonl")!.map((l) => JSON.parse(l).flow);
    const call = p.calls.find((c) => c.serverService === "accounts" && c.client.service === "api-gateway" && c.outcome === "ok")!;
    const http = hubble.filter((f) => f.Type === "L7" && f.l7.http && f.trace_context?.parent.trace_id === call.traceId && f.IP.destination === call.dstAddr);
    expect(http.map((f) => [f.l7.type, f.is_reply])).toEqual([["REQUEST", false]]);
    const response = hubble.find((f) => f.Type === "L7" && f.l7.type === "RESPONSE" && f.trace_context?.parent.trace_id === call.traceId && f.IP.source === call.dstAddr);
    expect(response.l7.http).toMatchObject({ code: 200, method: "GET", protocol: "HTTP/1.1" });
    expect(Number(response.l7.latency_ns) / 1e6).toBeCloseTo(call.endMs - call.startMs - 0.1, 0);
    const grpc = hubble.find((f) => f.Type === "L7" && f.l7.http?.protocol === "HTTP/2" && f.l7.type === "RESPONSE");
    expect(grpc.l7.http.url).toMatch(/^http:\/\/[a-z-]+:50051\/payments\.v1\.[A-Za-z]+\/[A-Za-z]+$/);
    const dns = hubble.filter((f) => f.Type === "L7" && f.l7.dns);
    expect(dns.every((f) => f.l4.UDP && (f.is_reply ? f.l4.UDP.source_port : f.l4.UDP.destination_port) === 53)).toBe(true);
    expect(dns.some((f) => f.l7.dns.query === "accounts.payments.svc.cluster.local." && f.l7.type === "RESPONSE" && f.l7.dns.ips?.length === 1 && f.l7.dns.rcode === undefined)).toBe(true);
    // an external name walks the search path first: NXDOMAIN, then the answer
    const card = dns.filter((f) => f.l7.type === "RESPONSE" && f.l7.dns.query.startsWith("api.cardnetwork.example."));
    expect(card.some((f) => f.l7.dns.rcode === 3)).toBe(true);
    expect(card.some((f) => f.l7.dns.query === "api.cardnetwork.example." && f.l7.dns.ips[0] === "203.0.113.10")).toBe(true);
  });
});
