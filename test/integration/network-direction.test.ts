// The network layer names each conversation once: client workload → server workload:port. One
// seeded backfill of the payments simulator runs through the road `npm start` uses (OTLP and
// flow-log files into a real collector agent, batches into the real ingest route; see
// demo-faults-harness.ts), on PostgreSQL and on PGlite, and the stored network_edge_minutes are
// checked against what the simulator wrote: VPC v5 records of both directions of every
// connection (answers from the server's port to the client's ephemeral one) and Hubble flows
// naming pods by "namespace/workload".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isIpAddress } from "@/lib/rollup/address-observations";
import { databaseKinds } from "@/lib/testing/databases";
import { MINUTE, simulateThroughCollector, type SimulatedRun } from "./demo-faults-harness";

/** Linux's ephemeral range starts here; the simulator's clients connect from ports above it. */
const EPHEMERAL_FROM = 32768;
/** The uninstrumented backends of the payments topology, by their listening port. */
const BACKENDS = { postgres: 5432, redis: 6379, kafka: 9092 } as const;
const RUN_MINUTES = 6;
/** every minute of the run, 0 to RUN_MINUTES - 1 */
const MINUTES = Array.from({ length: RUN_MINUTES }, (_, m) => m);

interface EdgeRow {
  /** minutes after the start of the run */
  minute: number;
  src: string;
  dst: string;
  port: number;
  flows: number;
}

describe.each(databaseKinds.map((k) => k.kind))("network edges in the request direction, with names (%s)", (kind) => {
  let run: SimulatedRun;
  let edges: EdgeRow[];
  beforeAll(async () => {
    run = await simulateThroughCollector(kind, { minutes: RUN_MINUTES, rate: 2, seed: 7, faults: [] });
    edges = (
      await run.server.db.query<{ minute: Date; src: string; dst: string; port: number; flows: string }>(
        `SELECT minute, src_workload AS src, dst_workload AS dst, dst_port AS port, flows::text AS flows
           FROM network_edge_minutes WHERE cluster_id = $1 ORDER BY minute, src_workload, dst_workload, dst_port`,
        [run.clusterId],
      )
    ).rows.map((r) => ({ minute: Math.round((new Date(r.minute).getTime() - run.t0) / MINUTE), src: r.src, dst: r.dst, port: r.port, flows: Number(r.flows) }));
  }, 180_000);
  afterAll(async () => run?.close());

  it("has no edge to a client's port: answers are folded into their request", async () => {
    expect(edges.length).toBeGreaterThan(50);
    // Every port a server listens on in this topology (gRPC's 50051 is inside the ephemeral range,
    // so the range alone cannot tell); the simulator's clients connect from 32768–60999.
    expect(new Set(edges.map((e) => e.port))).toEqual(new Set([53, 443, 5432, 6379, 8080, 9092, 50051]));
    // while the stored raw flows keep the answers as logged, from those ports to the clients' ports
    const r = await run.server.db.query<{ n: string }>(
      `SELECT count(DISTINCT dst_port)::text AS n FROM flows
        WHERE cluster_id = $1 AND source_kind = 'aws-vpc-flow' AND src_port IN (5432, 6379, 9092) AND dst_port >= $2`,
      [run.clusterId, EPHEMERAL_FROM],
    );
    expect(Number(r.rows[0].n)).toBeGreaterThan(50);
  });

  // Postgres and redis are named from their clients' spans (peer addresses); the kafka brokers
  // only by Hubble's endpoints ("namespace/workload"), which the agent must have read before it
  // drains a minute's VPC records to the brokers' pod IPs.
  it.each(Object.entries(BACKENDS))("%s: named in every minute, never a raw IP, each client reaching it under one name, whichever source logged it", (_name, port) => {
    const into = edges.filter((e) => e.port === port);
    expect(new Set(into.map((e) => e.minute))).toEqual(new Set(MINUTES));
    expect(into.filter((e) => isIpAddress(e.dst))).toEqual([]);
    // VPC and Hubble agree: one row per client and minute, not "postgres" beside "payments/postgres"
    const perClientMinute = new Map<string, Set<string>>();
    for (const e of into) {
      const k = `${e.minute} ${e.src}`;
      if (!perClientMinute.has(k)) perClientMinute.set(k, new Set());
      perClientMinute.get(k)!.add(e.dst);
    }
    expect([...perClientMinute].filter(([, names]) => names.size > 1)).toEqual([]);
  });

  it("kafka: every broker named by Hubble's endpoint (namespace/workload), in every minute and from every client", () => {
    const into = edges.filter((e) => e.port === BACKENDS.kafka);
    expect(new Set(into.map((e) => e.dst))).toEqual(new Set(["payments/kafka"]));
    // the producer and both consumers, each in every minute
    const clients = new Set(into.map((e) => e.src));
    expect(clients.size).toBe(3);
    for (const src of clients) expect(new Set(into.filter((e) => e.src === src).map((e) => e.minute)), src).toEqual(new Set(MINUTES));
  });

  it("the server's address map learns the databases' addresses too, under the same names, claiming nothing else", async () => {
    const r = await run.server.db.query<{ address: string; services: string[] }>(
      `SELECT address, array_agg(DISTINCT service ORDER BY service) AS services FROM address_map WHERE cluster_id = $1 GROUP BY address`,
      [run.clusterId],
    );
    const byService = (name: string) => r.rows.filter((row) => row.services.includes(name));
    for (const name of ["postgres", "redis", "redis-risk"]) {
      expect(byService(name).length, name).toBeGreaterThan(0);
      expect(byService(name).every((row) => row.services.length === 1), name).toBe(true);
    }
  });

  it("names the databases as the service graph names their virtual nodes", async () => {
    const graph = await run.server.db.query<{ server: string }>(
      `SELECT DISTINCT server FROM edge_minutes WHERE cluster_id = $1 AND connection_type = 'database'`,
      [run.clusterId],
    );
    const databases = new Set(edges.filter((e) => e.port === BACKENDS.postgres || e.port === BACKENDS.redis).map((e) => e.dst));
    expect([...databases].sort()).toEqual(graph.rows.map((r) => r.server).filter((s) => databases.has(s)).sort());
    expect(databases.size).toBeGreaterThanOrEqual(3); // postgres, redis, redis-risk
  });
});
