// In-process cost of one OTLP request on the server, without HTTP: CPU time of the Node process
// (decode, pair + aggregate, COPY encoding, the driver) and of the PostgreSQL backends (COPY,
// rollup upserts, commit), per 4,096-span request. CPU time, unlike wall time, stays meaningful
// on a shared, loaded machine, so this is how code changes are compared; the figures that count
// come from run.ts over HTTP.
//   node --conditions=react-server --import tsx bench/ingest/stages.ts
//   (add --cpu-prof for a profile). Needs PostgreSQL at STRATA_TEST_DATABASE_URL, on this machine
//   (backend CPU is read from /proc); a fresh database is made and dropped.
import type { NormalizedSpan } from "@/lib/contracts/span";
import { createPostgresTestDatabase } from "@/lib/testing/databases";
import { bodyDigestId } from "@/lib/ingest/otlp-ingest";
import { ServerPairing } from "@/lib/ingest/server-pairing";
import { storeUnit } from "@/lib/ingest/store";
import { decodeProtobufTraceRequest, isErrorSpan } from "@/lib/otlp";
import { processCpuMs } from "./proc-cpu";
import { Workload } from "./workload";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 60);
const WARMUP = 10;
/** BENCH_SEQUENTIAL=1: pair first, then store (as before the overlap; collector batches still do). */
const SEQUENTIAL = process.env.BENCH_SEQUENTIAL === "1";
const nodeCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const t = await createPostgresTestDatabase();
try {
  const cluster = await t.db.query<{ id: number }>(`INSERT INTO clusters (name) VALUES ('stages') RETURNING id`);
  const clusterId = cluster.rows[0].id;
  const pairing = new ServerPairing(t.db, {});
  const workload = new Workload();
  const backendsCpuMs = async () => {
    const r = await t.db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
    return r.rows.reduce((sum, row) => sum + processCpuMs(row.pid), 0);
  };
  const sums = { decode: 0, pair: 0, store: 0, node: 0, wall: 0 };
  let pgStart = 0;
  for (let i = 0; i < REQUESTS; i++) {
    if (i === WARMUP) pgStart = await backendsCpuMs();
    const body = workload.next();
    const c0 = nodeCpuMs();
    const w0 = performance.now();
    const decoded = decodeProtobufTraceRequest(body, { nowMs: Date.now() });
    const c1 = nodeCpuMs();
    // As the server does it: pairing runs while PostgreSQL loads the raw rows.
    let pairMs = 0;
    const rollups = (spans: readonly NormalizedSpan[]) => {
      const p0 = nodeCpuMs();
      const unit = pairing.aggregate(clusterId, spans);
      pairMs = nodeCpuMs() - p0;
      return unit;
    };
    const batchId = bodyDigestId(clusterId, body);
    if (SEQUENTIAL) await storeUnit(t.db, { clusterId, batchId, ...rollups(decoded.spans) });
    else await storeUnit(t.db, { clusterId, batchId, spans: decoded.spans, isErrorSpan, flows: [], rollups });
    const c3 = nodeCpuMs();
    const c2 = c1 + pairMs; // store = everything but decode and pairing
    if (i >= WARMUP) {
      sums.decode += c1 - c0;
      sums.pair += c2 - c1;
      sums.store += c3 - c2;
      sums.node += c3 - c0;
      sums.wall += performance.now() - w0;
    }
  }
  const pgMs = (await backendsCpuMs()) - pgStart;
  const n = REQUESTS - WARMUP;
  const f = (x: number) => (x / n).toFixed(1);
  console.log(`per ${decodedSpans(workload)}-span request, CPU ms: node ${f(sums.node)} (decode ${f(sums.decode)}, pair+aggregate ${f(sums.pair)}, store ${f(sums.store)}), postgres backends ${f(pgMs)}; wall ${f(sums.wall)} ms`);
} finally {
  await t.drop();
}

function decodedSpans(w: Workload): number {
  return decodeProtobufTraceRequest(w.template(), { nowMs: Date.now() }).spans.length;
}
process.exit(0);
