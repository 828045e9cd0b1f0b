// node --conditions=react-server --import tsx bench/flows/run.ts — the raw-flow reads of the network drilldowns over a
// window of raw flows (BENCH_FLOWS, default 200,000 in 15 minutes, 400 addresses of 40 services
// in the address map), on PostgreSQL and on PGlite. Prints the median of 5 runs of: a flows page
// with no filter, a flows page filtered by a workload, and the flow breakdowns (verdicts,
// talkers, mapped services) of a network edge and of a network node; and in the same run the baseline, a plain newest-first page of the same table
// with no name resolution, as the ratio.
// PostgreSQL at STRATA_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
import { performance } from "node:perf_hooks";
import { createCluster } from "@/lib/clusters/tokens";
import type { Database } from "@/lib/db/database";
import { flowBreakdown } from "@/lib/graph/flow-breakdown";
import { listFlows } from "@/lib/graph/flows";
import { encodeFlowRows, FLOW_COLUMNS } from "@/lib/ingest/flow-rows";
import { ensurePartitions } from "@/lib/ingest/partitions";
import type { NormalizedFlow } from "@/lib/contracts/flow";
import { createPgliteTestDatabase, createPostgresTestDatabase } from "@/lib/testing/databases";

const FLOWS = Number(process.env.BENCH_FLOWS ?? 200_000);
const SERVICES = 40;
const PODS = 10;
const RUNS = 5;

const addr = (s: number, p: number) => `10.${s}.0.${p + 1}`;

async function seed(db: Database, nowMs: number) {
  const { cluster } = await createCluster(db, "bench");
  const from = new Date(nowMs - 3_600_000);
  const to = new Date(nowMs + 3_600_000);
  for (let s = 0; s < SERVICES; s++) for (let p = 0; p < PODS; p++) {
    await db.query(`INSERT INTO address_map (cluster_id, address, service, workload, namespace, valid_from, valid_to) VALUES ($1, $2, $3, $4, 'bench', $5, $6)`,
      [cluster.id, addr(s, p), `svc-${s}`, `svc-${s}-deploy`, from, to]);
  }
  const startMs = nowMs - 15 * 60_000;
  await ensurePartitions(db, "flows", [startMs, nowMs]);
  const batch: NormalizedFlow[] = [];
  for (let i = 0; i < FLOWS; i++) {
    const s = i % SERVICES;
    const d = (i * 7 + 3) % SERVICES;
    const t = startMs + Math.floor((i / FLOWS) * 15 * 60_000);
    batch.push({
      sourceKind: "aws-vpc-flow", observer: null, srcAddr: addr(s, i % PODS), dstAddr: addr(d, (i >> 3) % PODS), srcPort: 30000 + (i % 30000), dstPort: 8080,
      protocol: 6, bytes: 500 + (i % 5000), packets: 3, startMs: t, endMs: t + 1000, verdict: i % 50 === 0 ? "reject" : "accept", reason: null,
      tcpFlags: 18, direction: null, srcWorkload: null, dstWorkload: null, srcNamespace: null, dstNamespace: null, l7Protocol: null, l7Method: null,
      l7Path: null, l7Status: null, l7LatencyUs: null, traceId: null, vpcId: null, subnetId: null, accountId: null, region: null, attributes: {},
    });
    if (batch.length === 10_000) await db.copyFrom("flows", FLOW_COLUMNS, encodeFlowRows(cluster.id, batch.splice(0)));
  }
  if (batch.length) await db.copyFrom("flows", FLOW_COLUMNS, encodeFlowRows(cluster.id, batch));
  await db.query("ANALYZE flows").catch(() => undefined);
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  await fn(); // warm
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

async function run(kind: string, db: Database) {
  const nowMs = Date.now();
  await seed(db, nowMs);
  const scope = { fromMs: Math.floor((nowMs - 15 * 60_000) / 60_000) * 60_000, toMs: Math.ceil((nowMs + 1) / 60_000) * 60_000, clusterId: null };
  const baseline = await median(() => db.query(
    `SELECT * FROM flows WHERE start_time >= $1 AND start_time < $2 ORDER BY start_time DESC LIMIT 51`, [new Date(scope.fromMs), new Date(scope.toMs)]));
  const rows: [string, number][] = [
    ["flows page, no filter", await median(() => listFlows(db, { limit: 50 }, scope))],
    ["flows page, workload filter", await median(() => listFlows(db, { limit: 50, workload: "bench/svc-3-deploy" }, scope))],
    // The raw-flow half of the drilldowns (the rollup half reads network_edge_minutes only).
    ["network edge breakdown", await median(() => flowBreakdown(db, { ...scope, client: "bench/svc-1-deploy", server: "bench/svc-8-deploy" }))],
    ["network node breakdown", await median(() => flowBreakdown(db, { ...scope, either: "bench/svc-3-deploy" }))],
  ];
  console.log(`\n== ${kind}: ${FLOWS.toLocaleString("en")} flows in the window, median of ${RUNS}`);
  console.log(`  baseline: plain newest-first page   ${baseline.toFixed(1)} ms`);
  for (const [name, ms] of rows) console.log(`  ${name.padEnd(34)} ${ms.toFixed(1)} ms  (${(ms / baseline).toFixed(1)}x baseline)`);
}

for (const [kind, create] of [["PostgreSQL", createPostgresTestDatabase], ["PGlite", createPgliteTestDatabase]] as const) {
  const t = await create();
  try {
    await run(kind, t.db);
  } finally {
    await t.drop();
  }
}
