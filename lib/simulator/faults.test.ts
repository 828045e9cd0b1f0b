// Each fault leaves its signals in the generated spans and flow-log lines (generator level).
import { describe, expect, it } from "vitest";
import { clientSpansTo, median, planWithFaults, serverSpans, type Planned } from "./testing-plans";
import { VPC_FLOW_FIELDS } from "./vpc-flow-lines";

const baseline = planWithFaults([]);
const errorRate = (spans: { statusCode: number }[]) => spans.filter((s) => s.statusCode === 2).length / spans.length;
const duration = (s: { startMs: number; endMs: number }) => s.endMs - s.startMs;
const jsonLines = (p: Planned, file: string) => (p.lines.get(file) ?? []).map((l) => JSON.parse(l));
/** L3/L4 records only: L7 records carry no TCP flags */
const hubbleL4 = (p: Planned) => jsonLines(p, "hubble/payments-core.jsonl").filter((l) => l.flow.Type === "L3_L4");
type VpcField = (typeof VPC_FLOW_FIELDS)[number];
/** VPC records (header lines left out) as field name → value */
const vpcLines = (p: Planned) =>
  [...(p.lines.get("aws-vpc-flow/vpc-a.log") ?? []), ...(p.lines.get("aws-vpc-flow/vpc-b.log") ?? [])]
    .filter((l) => !l.startsWith("version "))
    .map((l) => Object.fromEntries(l.split(" ").map((v, i) => [VPC_FLOW_FIELDS[i], v])) as Record<VpcField, string>);

describe("fault signals", () => {
  it("operation-error: the operation fails about half the time, with exception events", () => {
    const p = planWithFaults([{ name: "operation-error", target: "accounts:GET /accounts/{id}" }]);
    const spans = serverSpans(p, "accounts");
    expect(errorRate(serverSpans(baseline, "accounts"))).toBeLessThan(0.05);
    expect(errorRate(spans)).toBeGreaterThan(0.35);
    expect(spans.filter((s) => s.exception).length).toBeGreaterThan(spans.length * 0.3);
    expect(spans.find((s) => s.statusCode === 2)!.attributes["http.response.status_code"]).toBe(500);
  });

  it("service-latency: the service's server spans slow down by ~250 ms", () => {
    const p = planWithFaults([{ name: "service-latency", target: "risk-scoring" }]);
    expect(median(serverSpans(baseline, "risk-scoring").map(duration))).toBeLessThan(30);
    expect(median(serverSpans(p, "risk-scoring").map(duration))).toBeGreaterThan(200);
  });

  it("slow-database: postgres client spans slow down and some time out", () => {
    const db = (p: Planned) => p.spans.filter((s) => s.attributes["db.system.name"] === "postgresql");
    const p = planWithFaults([{ name: "slow-database" }]);
    expect(median(db(p).map(duration))).toBeGreaterThan(8 * median(db(baseline).map(duration)));
    expect(db(p).some((s) => s.statusMessage?.includes("statement timeout"))).toBe(true);
  });

  it("network-reject: client timeouts, no server spans, REJECT records and DROPPED POLICY_DENIED SYNs", () => {
    const p = planWithFaults([{ name: "network-reject", target: "payments->cards" }]);
    const clients = clientSpansTo(p, "payments", "cards");
    expect(clients.length).toBeGreaterThan(50);
    expect(clients.every((s) => s.statusCode === 2 && duration(s) >= 2000)).toBe(true);
    expect(serverSpans(p, "cards")).toHaveLength(0);
    const cardsIps = new Set(p.calls.filter((c) => c.serverService === "cards").map((c) => c.dstAddr));
    const rejects = vpcLines(p).filter((f) => cardsIps.has(f["pkt-dstaddr"]) && f.action === "REJECT");
    expect(rejects.length).toBeGreaterThan(0);
    // at the server's ENI, inbound, a SYN that was never answered
    expect(rejects.every((f) => f["flow-direction"] === "ingress" && f["tcp-flags"] === "2")).toBe(true);
    const dropped = hubbleL4(p).filter((l) => l.flow.verdict === "DROPPED");
    expect(dropped.length).toBeGreaterThan(clients.length * 2); // SYN plus retransmissions
    expect(dropped[0].flow).toMatchObject({ drop_reason_desc: "POLICY_DENIED", l4: { TCP: { flags: { SYN: true } } } });
    expect(vpcLines(baseline).some((f) => f.action === "REJECT")).toBe(false);
  });

  it("lattice-auth-deny: 403 client spans, no server spans, Lattice 403 with authDeniedReason", () => {
    const p = planWithFaults([{ name: "lattice-auth-deny", target: "payments->fraud-check" }]);
    const clients = clientSpansTo(p, "payments", "fraud-check");
    expect(clients.every((s) => s.attributes["http.response.status_code"] === 403 && s.statusCode === 2)).toBe(true);
    expect(serverSpans(p, "fraud-check")).toHaveLength(0);
    const denied = jsonLines(p, "aws-lattice/access.jsonl").filter((l) => l.responseCode === 403);
    expect(denied.length).toBe(clients.length);
    expect(denied[0]).toMatchObject({ authDeniedReason: "Service", failureReason: "ClientAccessDenied", targetIpPort: "-", requestToTargetDuration: 0 });
  });

  it("packet-loss: client latency rises while server spans stay fast; repeated SYNs in Hubble", () => {
    const p = planWithFaults([{ name: "packet-loss", target: "payments->accounts" }]);
    const gap = (q: Planned) => {
      const servers = new Map(serverSpans(q, "accounts").map((s) => [s.parentSpanId, s]));
      return clientSpansTo(q, "payments", "accounts").map((c) => duration(c) - duration(servers.get(c.spanId)!));
    };
    expect(gap(baseline).reduce((a, b) => a + b, 0) / gap(baseline).length).toBeLessThan(2);
    expect(gap(p).reduce((a, b) => a + b, 0) / gap(p).length).toBeGreaterThan(40);
    expect(median(serverSpans(p, "accounts").map(duration))).toBeLessThan(30);
    const accountsIps = new Set(p.calls.filter((c) => c.serverService === "accounts").map((c) => c.dstAddr));
    const syns = hubbleL4(p).filter((l) => accountsIps.has(l.flow.IP.destination) && l.flow.l4.TCP.flags.SYN && !l.flow.l4.TCP.flags.ACK);
    const perConnection = new Map<string, number>();
    for (const s of syns) perConnection.set(`${s.flow.IP.source}:${s.flow.l4.TCP.source_port}`, (perConnection.get(`${s.flow.IP.source}:${s.flow.l4.TCP.source_port}`) ?? 0) + 1);
    expect(Math.max(...perConnection.values())).toBeGreaterThan(1);
    expect(hubbleL4(p).some((l) => l.flow.l4.TCP.flags.RST)).toBe(true);
    // VPC records: the reset shows in tcp-flags (RST 4 OR-ed with SYN and FIN) of the client's records
    const resets = vpcLines(p).filter((f) => accountsIps.has(f["pkt-dstaddr"]) && (Number(f["tcp-flags"]) & 4) !== 0);
    expect(resets.length).toBeGreaterThan(0);
    expect(vpcLines(baseline).some((f) => (Number(f["tcp-flags"]) & 4) !== 0)).toBe(false);
  });

  it("bad-deploy: a new service.version whose spans fail", () => {
    const p = planWithFaults([{ name: "bad-deploy", target: "ledger" }]);
    const spans = serverSpans(p, "ledger");
    expect(new Set(serverSpans(baseline, "ledger").map((s) => s.serviceVersion))).toEqual(new Set(["4.1.0"]));
    expect(new Set(spans.map((s) => s.serviceVersion))).toEqual(new Set(["4.2.0"]));
    expect(errorRate(spans)).toBeGreaterThan(0.2);
  });

  it("retry-storm: an outage of 503s, then many more calls, slower and failing", () => {
    const base = clientSpansTo(baseline, "payments", "fx-rates").length;
    const p = planWithFaults([{ name: "retry-storm", target: "fx-rates", durationMs: 60_000 }]);
    const outage = serverSpans(p, "fx-rates").filter((s) => s.startMs < p.spans[0].startMs + 18_000);
    expect(outage.every((s) => s.attributes["http.response.status_code"] === 503)).toBe(true);
    const storm = clientSpansTo(p, "payments", "fx-rates").filter((s) => s.startMs >= p.spans[0].startMs + 18_000 && s.startMs < p.spans[0].startMs + 60_000);
    const baseSame = clientSpansTo(baseline, "payments", "fx-rates").filter((s) => s.startMs >= baseline.spans[0].startMs + 18_000 && s.startMs < baseline.spans[0].startMs + 60_000);
    expect(base).toBeGreaterThan(0);
    expect(storm.length).toBeGreaterThan(3 * baseSame.length);
    expect(median(storm.map(duration))).toBeGreaterThan(100);
  });

  it("consumer-lag: queue time between producer end and consumer start grows", () => {
    const p = planWithFaults([{ name: "consumer-lag", target: "ledger-writer" }]);
    const producers = new Map(p.spans.filter((s) => s.kind === 3).map((s) => [s.spanId, s]));
    const lag = p.spans
      .filter((s) => s.kind === 4 && s.instance.service === "ledger-writer")
      .map((c) => c.startMs - producers.get(c.parentSpanId!)!.endMs);
    expect(median(lag.slice(0, 20))).toBeLessThan(2_000);
    expect(median(lag.slice(-20))).toBeGreaterThan(20_000);
    const links = p.spans.find((s) => s.kind === 4)!.links;
    expect(links).toHaveLength(1);
  });
});
