// Where the rollup statement's time goes on PostgreSQL, with the benchmark's own data: stores
// BENCH_WARM requests (so the current minute's rollup rows exist, as during a run), then runs the
// next request's combined claim + rollup statement under EXPLAIN (ANALYZE, BUFFERS) and reports
// the histogram merge's share from pg_stat_xact_user_functions; rolled back, so it can repeat.
//   node --conditions=react-server --import tsx bench/ingest/explain-upsert.ts
// Needs PostgreSQL at STRATA_TEST_DATABASE_URL; a fresh database is made and dropped.
import { createPostgresTestDatabase } from "@/lib/testing/databases";
import { bodyDigestId } from "@/lib/ingest/otlp-ingest";
import { claimAndUpsertStatement } from "@/lib/ingest/rollup-upsert";
import { ServerPairing } from "@/lib/ingest/server-pairing";
import { storeUnit } from "@/lib/ingest/store";
import { decodeProtobufTraceRequest, isErrorSpan } from "@/lib/otlp";
import { Workload } from "./workload";

class Rollback extends Error {}
const WARM = Number(process.env.BENCH_WARM ?? 8);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);

const t = await createPostgresTestDatabase();
try {
  const clusterId = (await t.db.query<{ id: number }>(`INSERT INTO clusters (name) VALUES ('explain') RETURNING id`)).rows[0].id;
  const pairing = new ServerPairing(t.db, {});
  const workload = new Workload();
  for (let i = 0; i < WARM; i++) {
    const body = workload.next();
    const spans = decodeProtobufTraceRequest(body, { nowMs: Date.now() }).spans;
    await storeUnit(t.db, { clusterId, batchId: bodyDigestId(clusterId, body), ...pairing.aggregate(clusterId, spans), isErrorSpan });
  }
  for (let r = 0; r < REPEAT; r++) {
    const body = workload.next();
    const spans = decodeProtobufTraceRequest(body, { nowMs: Date.now() }).spans;
    const unit = pairing.aggregate(clusterId, spans);
    const statement = claimAndUpsertStatement({
      clusterId, batchId: bodyDigestId(clusterId, body), spans: spans.length, flows: 0,
      edgeMinutes: unit.edgeMinutes, nodeMinutes: unit.nodeMinutes, networkEdgeMinutes: [], dataQuality: unit.dataQuality, extra: [],
    });
    await t.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL track_functions = 'all'`);
      const plan = await tx.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params);
      const fns = await tx.query<{ funcname: string; calls: number; self_time: number }>(
        `SELECT funcname, calls, self_time FROM pg_stat_xact_user_functions ORDER BY self_time DESC`);
      console.log(`-- request ${r + 1}: ${unit.edgeMinutes.length} edge rows, ${unit.nodeMinutes.length} node rows, ${unit.dataQuality.length} data-quality rows`);
      if (r === REPEAT - 1) console.log(plan.rows.map((p) => p["QUERY PLAN"]).join("\n"));
      else console.log(plan.rows.filter((p) => /Execution Time|Planning Time/.test(p["QUERY PLAN"])).map((p) => p["QUERY PLAN"]).join("\n"));
      for (const f of fns.rows) console.log(`   ${f.funcname}: ${f.calls} calls, ${f.self_time.toFixed(2)} ms self time`);
      throw new Rollback();
    }).catch((e: unknown) => { if (!(e instanceof Rollback)) throw e; });
  }
} finally {
  await t.drop();
}
process.exit(0);
