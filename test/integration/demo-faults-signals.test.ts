// Every fault of the simulator leaves the signal a root-cause engine would use in what the server
// STORES. One seeded backfill of 29 minutes runs the nine faults one after another (two minutes
// each, whole minutes, a quiet minute between them) through the road `npm start` uses: OTLP into
// the collector agent, flow-log files tailed by it, batches into the real ingest route, on
// PostgreSQL and on PGlite (demo-faults-harness.ts says why this road). Each fault's window is
// compared with the minutes before the first fault.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groundTruthSchema } from "@/lib/contracts/demo";
import { quantileUs, type Histogram } from "@/lib/contracts/histogram";
import { databaseKinds } from "@/lib/testing/databases";
import { MINUTE, simulateThroughCollector, type ScheduledFault, type SimulatedRun } from "./demo-faults-harness";

const BASELINE: Window = [0, 2];
const SCHEDULE: ScheduledFault[] = [
  { name: "operation-error", atMinute: 2, minutes: 2 },
  { name: "service-latency", atMinute: 5, minutes: 2 },
  { name: "slow-database", atMinute: 8, minutes: 2 },
  { name: "network-reject", atMinute: 11, minutes: 2 },
  { name: "lattice-auth-deny", atMinute: 14, minutes: 2 },
  { name: "packet-loss", atMinute: 17, minutes: 2 },
  { name: "bad-deploy", atMinute: 20, minutes: 2 },
  { name: "retry-storm", atMinute: 23, minutes: 2 },
  { name: "consumer-lag", atMinute: 26, minutes: 2 },
];
const windowOf = (name: string): Window => {
  const f = SCHEDULE.find((s) => s.name === name)!;
  return [f.atMinute, f.atMinute + f.minutes];
};

/** [from, to) in minutes after the start of the run */
type Window = [number, number];

describe.each(databaseKinds.map((k) => k.kind))("each fault's signal in the stored data (%s)", (kind) => {
  let run: SimulatedRun;
  beforeAll(async () => {
    run = await simulateThroughCollector(kind, { minutes: 29, rate: 2, seed: 11, faults: SCHEDULE });
  }, 180_000);
  afterAll(async () => run?.close());

  const times = ([from, to]: Window) => [new Date(run.t0 + from * MINUTE), new Date(run.t0 + to * MINUTE)];
  const one = async <T>(sql: string, params: unknown[]): Promise<T> => (await run.server.db.query<T & Record<string, unknown>>(sql, [run.clusterId, ...params])).rows[0];

  async function node(service: string, operation: string, spanKind: number, w: Window) {
    const r = await one<{ calls: string | null; errors: string | null; sum_us: number | null; count: string | null; hist: number[] | null; classes: Record<string, number>[] | null }>(
      `SELECT sum(calls)::text AS calls, sum(errors)::text AS errors, sum(duration_sum_us) AS sum_us, sum(duration_count)::text AS count,
              strata_hist_sum(duration_hist) AS hist, array_agg(status_classes) AS classes
         FROM node_minutes WHERE cluster_id = $1 AND service = $2 AND operation = $3 AND span_kind = $4 AND minute >= $5 AND minute < $6`,
      [service, operation, spanKind, ...times(w)],
    );
    const count = Number(r.count ?? 0);
    const hist: Histogram | null = r.hist ? { counts: r.hist, count: r.hist.reduce((a, b) => a + b, 0), sumUs: Number(r.sum_us) } : null;
    const classes: Record<string, number> = {};
    for (const c of r.classes ?? []) for (const [k, v] of Object.entries(c)) classes[k] = (classes[k] ?? 0) + v;
    return { calls: Number(r.calls ?? 0), errors: Number(r.errors ?? 0), meanMs: count ? Number(r.sum_us) / count / 1000 : NaN, p50Ms: hist ? quantileUs(hist, 0.5)! / 1000 : NaN, classes };
  }

  async function edge(client: string, server: string, w: Window) {
    const r = await one<{ types: string[] | null; calls: string | null; errors: string | null; c_us: number; c_n: string; s_us: number; s_n: string; q_us: number; q_n: string }>(
      `SELECT array_agg(DISTINCT connection_type) AS types, sum(calls)::text AS calls, sum(errors)::text AS errors,
              sum(client_sum_us) AS c_us, sum(client_count)::text AS c_n, sum(server_sum_us) AS s_us, sum(server_count)::text AS s_n,
              sum(queue_sum_us) AS q_us, sum(queue_count)::text AS q_n
         FROM edge_minutes WHERE cluster_id = $1 AND client = $2 AND server = $3 AND minute >= $4 AND minute < $5`,
      [client, server, ...times(w)],
    );
    const mean = (us: number, n: string) => (Number(n) ? us / Number(n) / 1000 : NaN);
    return { types: r.types ?? [], calls: Number(r.calls ?? 0), errors: Number(r.errors ?? 0), clientMs: mean(r.c_us, r.c_n), serverMs: mean(r.s_us, r.s_n), queueMs: mean(r.q_us, r.q_n) };
  }

  async function network(src: string, dst: string, dstPort: number, w: Window) {
    const r = await one<Record<string, string | null>>(
      `SELECT sum(flows)::text AS flows, sum(packets)::text AS packets, sum(bytes)::text AS bytes, sum(rejects)::text AS rejects,
              sum(drops)::text AS drops, sum(retransmits)::text AS retransmits, sum(l7_errors)::text AS l7_errors
         FROM network_edge_minutes WHERE cluster_id = $1 AND src_workload = $2 AND dst_workload = $3 AND dst_port = $4 AND minute >= $5 AND minute < $6`,
      [src, dst, dstPort, ...times(w)],
    );
    return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v ?? 0)])) as Record<"flows" | "packets" | "bytes" | "rejects" | "drops" | "retransmits" | "l7_errors", number>;
  }

  async function serverSpans(service: string, w: Window) {
    const r = await one<{ n: string }>(`SELECT count(*)::text AS n FROM spans WHERE cluster_id = $1 AND service = $2 AND kind = 2 AND start_time >= $3 AND start_time < $4`, [service, ...times(w)]);
    return Number(r.n);
  }

  it("records every fault's ground truth: layer, target and window", () => {
    const truth = groundTruthSchema.parse(run.groundTruth);
    expect(truth.seed).toBe(11);
    const byName = Object.fromEntries(truth.faults.map((f) => [f.name, f]));
    expect(Object.keys(byName).sort()).toEqual(SCHEDULE.map((s) => s.name).sort());
    const expected: Record<string, { layer: string; target: unknown }> = {
      "operation-error": { layer: "application", target: { service: "accounts", operation: "GET /accounts/{id}" } },
      "service-latency": { layer: "service", target: { service: "risk-scoring" } },
      "slow-database": { layer: "service", target: { service: "postgres" } },
      "network-reject": { layer: "network", target: { edge: { client: "payments", server: "cards" } } },
      "lattice-auth-deny": { layer: "network", target: { edge: { client: "payments", server: "fraud-check" } } },
      "packet-loss": { layer: "network", target: { edge: { client: "payments", server: "accounts" } } },
      "bad-deploy": { layer: "application", target: { service: "ledger", version: "4.2.0" } },
      "retry-storm": { layer: "service", target: { service: "fx-rates" } },
      "consumer-lag": { layer: "service", target: { service: "ledger-writer" } },
    };
    for (const s of SCHEDULE) {
      const f = byName[s.name];
      expect({ layer: f.layer, target: f.target }).toEqual(expected[s.name]);
      expect([f.startMs, f.endMs]).toEqual([run.t0 + s.atMinute * MINUTE, run.t0 + (s.atMinute + s.minutes) * MINUTE]);
      expect(f.startTime).toBe(new Date(f.startMs).toISOString());
      expect(f.signals.length).toBeGreaterThan(0);
    }
  });

  it("flows reach the server with TCP flags, directions, L7 HTTP and DNS records joined to traces", async () => {
    const r = await one<{ vpc_flagged: string; vpc_directions: string[]; http_replies: string; http_traced: string; dns: string; nxdomain: string; spans_traced: string }>(
      `SELECT count(*) FILTER (WHERE source_kind = 'aws-vpc-flow' AND tcp_flags IS NOT NULL)::text AS vpc_flagged,
              array_agg(DISTINCT direction) FILTER (WHERE source_kind = 'aws-vpc-flow') AS vpc_directions,
              count(*) FILTER (WHERE source_kind = 'hubble' AND l7_protocol = 'http' AND (attributes->>'isReply')::boolean)::text AS http_replies,
              count(*) FILTER (WHERE source_kind = 'hubble' AND l7_protocol = 'http' AND trace_id IS NOT NULL)::text AS http_traced,
              count(*) FILTER (WHERE source_kind = 'hubble' AND l7_protocol = 'dns')::text AS dns,
              count(*) FILTER (WHERE source_kind = 'hubble' AND l7_protocol = 'dns' AND l7_status = 3)::text AS nxdomain,
              (SELECT count(*) FROM spans s WHERE s.cluster_id = $1 AND s.trace_id IN (SELECT trace_id FROM flows WHERE cluster_id = $1 AND trace_id IS NOT NULL LIMIT 50))::text AS spans_traced
         FROM flows WHERE cluster_id = $1`,
      [],
    );
    expect(Number(r.vpc_flagged)).toBeGreaterThan(1000);
    expect(r.vpc_directions.sort()).toEqual(["egress", "ingress"]);
    expect(Number(r.http_replies)).toBeGreaterThan(1000);
    expect(Number(r.http_traced)).toBeGreaterThan(2000);
    expect(Number(r.dns)).toBeGreaterThan(500);
    expect(Number(r.nxdomain)).toBeGreaterThan(10);
    expect(Number(r.spans_traced)).toBeGreaterThan(50); // the flows' trace ids are the stored traces'
    // and the collector's parsers took every line the simulator wrote
    const quality = await one<{ rejected: string | null }>(`SELECT sum(flow_lines_rejected)::text AS rejected FROM data_quality_minutes WHERE cluster_id = $1`, []);
    expect(Number(quality.rejected ?? 0)).toBe(0);
  });

  it("operation-error: the operation's error rate in node_minutes, and its caller's edge fails too", async () => {
    const w = windowOf("operation-error");
    const before = await node("accounts", "GET /accounts/{id}", 2, BASELINE);
    const during = await node("accounts", "GET /accounts/{id}", 2, w);
    expect(during.calls).toBeGreaterThan(100);
    expect(during.errors / during.calls).toBeGreaterThan(0.35);
    expect(before.errors / before.calls).toBeLessThan(0.05);
    expect(during.classes["5xx"]).toBe(during.errors);
    const caller = await edge("api-gateway", "accounts", w);
    expect(caller.errors / caller.calls).toBeGreaterThan(0.3);
    // the network layer sees it too: Hubble L7 responses with 5xx on the caller → service edge
    expect((await network("payments/api-gateway", "payments/accounts", 8080, w)).l7_errors).toBeGreaterThan(20);
    expect((await network("payments/api-gateway", "payments/accounts", 8080, BASELINE)).l7_errors).toBeLessThan(3);
  });

  it("service-latency: the service's latency histogram shifts by ~250 ms, and its callers' client latency with it", async () => {
    const w = windowOf("service-latency");
    const before = await node("risk-scoring", "risk.v1.RiskScoring/Score", 2, BASELINE);
    const during = await node("risk-scoring", "risk.v1.RiskScoring/Score", 2, w);
    expect(before.p50Ms).toBeLessThan(20);
    expect(during.p50Ms).toBeGreaterThan(200);
    expect((await edge("fraud-check", "risk-scoring", w)).clientMs).toBeGreaterThan(200);
  });

  it("slow-database: the database edge slows (client = server latency, no server spans) and some queries time out", async () => {
    const w = windowOf("slow-database");
    const before = await edge("payments", "postgres", BASELINE);
    const during = await edge("payments", "postgres", w);
    expect(during.types).toEqual(["database"]);
    expect(during.clientMs).toBeGreaterThan(before.clientMs * 5);
    expect(during.errors).toBeGreaterThan(0);
    const timeouts = await one<{ n: string }>(
      `SELECT count(*)::text AS n FROM spans WHERE cluster_id = $1 AND db_system = 'postgresql' AND error_type = '57014' AND start_time >= $2 AND start_time < $3`,
      times(w),
    );
    expect(Number(timeouts.n)).toBeGreaterThan(0);
    // only the database: a service the database does not serve keeps its latency
    expect((await node("fx-rates", "GET /rates/{pair}", 2, w)).p50Ms).toBeLessThan(10);
  });

  it("network-reject: client timeouts with no server spans, REJECT flows at the server and dropped SYNs", async () => {
    const w = windowOf("network-reject");
    const during = await edge("payments", "cards", w);
    expect(during.calls).toBeGreaterThan(20);
    expect(during.errors).toBe(during.calls);
    expect(during.clientMs).toBeGreaterThan(1900); // the gRPC deadline
    expect(await serverSpans("cards", w)).toBe(0);
    expect(await serverSpans("cards", BASELINE)).toBeGreaterThan(20);
    const net = await network("payments/payments", "payments/cards", 50051, w);
    expect(net.rejects).toBeGreaterThan(20);
    expect((await network("payments/payments", "payments/cards", 50051, BASELINE)).rejects).toBe(0);
    const rejects = await one<{ vpc: string; hubble: string }>(
      `SELECT count(*) FILTER (WHERE source_kind = 'aws-vpc-flow')::text AS vpc, count(*) FILTER (WHERE source_kind = 'hubble' AND reason = 'POLICY_DENIED')::text AS hubble
         FROM flows WHERE cluster_id = $1 AND verdict = 'reject' AND dst_port = 50051 AND start_time >= $2 AND start_time < $3`,
      times(w),
    );
    expect(Number(rejects.vpc)).toBeGreaterThan(0);
    expect(Number(rejects.hubble)).toBeGreaterThan(0);
    // the VPC records say more with the v5 fields: inbound at the server's ENI, a bare SYN
    const vpc = await one<{ shapes: string[] }>(
      `SELECT array_agg(DISTINCT direction || ' ' || tcp_flags) AS shapes FROM flows
        WHERE cluster_id = $1 AND source_kind = 'aws-vpc-flow' AND verdict = 'reject' AND start_time >= $2 AND start_time < $3`,
      times(w),
    );
    expect(vpc.shapes).toEqual(["ingress 2"]);
  });

  it("lattice-auth-deny: Lattice 403s with authDeniedReason in flows, failing client calls, no server spans", async () => {
    const w = windowOf("lattice-auth-deny");
    const denied = await one<{ n: string; reasons: string[] }>(
      `SELECT count(*)::text AS n, array_agg(DISTINCT reason) AS reasons FROM flows
        WHERE cluster_id = $1 AND source_kind = 'aws-lattice' AND l7_status = 403 AND verdict = 'reject' AND start_time >= $2 AND start_time < $3`,
      times(w),
    );
    expect(Number(denied.n)).toBeGreaterThan(20);
    expect(denied.reasons).toEqual(["ClientAccessDenied (authDeniedReason: Service)"]);
    const during = await edge("payments", "fraud-check", w);
    expect(during.errors).toBe(during.calls);
    expect(await serverSpans("fraud-check", w)).toBe(0);
    const clientStatus = await one<{ codes: number[] }>(
      `SELECT array_agg(DISTINCT http_status_code) AS codes FROM spans WHERE cluster_id = $1 AND service = 'payments' AND kind = 3 AND peer_service = 'fraud-check' AND start_time >= $2 AND start_time < $3`,
      times(w),
    );
    expect(clientStatus.codes).toEqual([403]);
  });

  it("packet-loss: retransmit signals on the network edge, client latency up while the server stays fast", async () => {
    const w = windowOf("packet-loss");
    const before = await edge("payments", "accounts", BASELINE);
    const during = await edge("payments", "accounts", w);
    expect(during.clientMs).toBeGreaterThan(before.clientMs * 5);
    expect(during.serverMs).toBeLessThan(before.serverMs * 1.5);
    expect((await network("payments/payments", "payments/accounts", 8080, w)).retransmits).toBeGreaterThan(10);
    expect((await network("payments/payments", "payments/accounts", 8080, BASELINE)).retransmits).toBe(0);
    // VPC records of reset connections (RST in tcp-flags), and Hubble's L7 latency measured at the client's proxy
    const resets = await one<{ n: string }>(
      `SELECT count(*)::text AS n FROM flows WHERE cluster_id = $1 AND source_kind = 'aws-vpc-flow' AND tcp_flags & 4 = 4 AND start_time >= $2 AND start_time < $3`,
      times(w),
    );
    expect(Number(resets.n)).toBeGreaterThan(0);
    const l7 = async (win: Window) =>
      (
        await one<{ us: number }>(
          `SELECT avg(l7_latency_us)::float8 AS us FROM flows WHERE cluster_id = $1 AND source_kind = 'hubble' AND l7_protocol = 'http' AND l7_status IS NOT NULL
              AND start_time >= $2 AND start_time < $3 AND src_addr IN (SELECT DISTINCT k8s_pod_ip FROM spans WHERE cluster_id = $1 AND service = 'accounts')
              AND dst_addr IN (SELECT DISTINCT k8s_pod_ip FROM spans WHERE cluster_id = $1 AND service = 'payments')`,
          times(win),
        )
      ).us;
    expect(await l7(w)).toBeGreaterThan((await l7(BASELINE)) * 5);
  });

  it("bad-deploy: a change event for the new version, and the errors are on that version", async () => {
    const w = windowOf("bad-deploy");
    const change = await one<{ at: Date }>(`SELECT at FROM change_events WHERE cluster_id = $1 AND service = 'ledger' AND kind = 'version' AND version = '4.2.0'`, []);
    expect(change.at.getTime()).toBeGreaterThanOrEqual(run.t0 + w[0] * MINUTE);
    expect(change.at.getTime()).toBeLessThan(run.t0 + w[0] * MINUTE + 30_000);
    const byVersion = await one<{ new_calls: string; new_errors: string; old_in_window: string }>(
      `SELECT count(*) FILTER (WHERE service_version = '4.2.0')::text AS new_calls,
              count(*) FILTER (WHERE service_version = '4.2.0' AND is_error)::text AS new_errors,
              count(*) FILTER (WHERE service_version = '4.1.0' AND start_time >= $2 AND start_time < $3)::text AS old_in_window
         FROM spans WHERE cluster_id = $1 AND service = 'ledger' AND kind = 2`,
      times(w),
    );
    expect(Number(byVersion.new_errors) / Number(byVersion.new_calls)).toBeGreaterThan(0.2);
    expect(Number(byVersion.old_in_window)).toBe(0);
    expect((await edge("ledger-writer", "ledger", w)).errors).toBeGreaterThan(10);
  });

  it("retry-storm: the call rate into the small service multiplies after the outage, with 503s", async () => {
    const [from, to] = windowOf("retry-storm");
    const calls = async (w: Window) => (await edge("payments", "fx-rates", w)).calls + (await edge("api-gateway", "fx-rates", w)).calls;
    // against the quiet minute just before: the simulated load drifts ±25 % over 15 minutes
    expect(await calls([from + 1, to])).toBeGreaterThan((await calls([from - 1, from])) * 3);
    const served = await node("fx-rates", "GET /rates/{pair}", 2, [from, to]);
    expect(served.classes["5xx"]).toBeGreaterThan(served.calls * 0.3);
    // once it is back, it queues behind the flood (the outage's fast 503s are left out)
    expect((await node("fx-rates", "GET /rates/{pair}", 2, [from + 1, to])).p50Ms).toBeGreaterThan((await node("fx-rates", "GET /rates/{pair}", 2, BASELINE)).p50Ms * 5);
  });

  it("consumer-lag: queue latency grows on the messaging edge into the consumer, not on the other consumer", async () => {
    const [from, to] = windowOf("consumer-lag");
    const before = await edge("payments", "ledger-writer", BASELINE);
    const late = await edge("payments", "ledger-writer", [to - 1, to]);
    expect(late.types).toEqual(["messaging"]);
    expect(before.queueMs).toBeLessThan(100);
    expect(late.queueMs).toBeGreaterThan(10_000);
    expect((await edge("payments", "notifications", [from, to])).queueMs).toBeLessThan(100);
  });
});
