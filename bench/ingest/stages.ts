// In-process breakdown of one OTLP request's cost on the server, stage by stage, without HTTP:
// decode, pair + aggregate, COPY encoding, and the database transaction. For profiling
// (`node --cpu-prof --conditions=react-server --import tsx bench/ingest/stages.ts`); the
// figures that count come from run.ts over HTTP.
// Needs PostgreSQL at STRATA_TEST_DATABASE_URL (a fresh database is made and dropped).
import { createPostgresTestDatabase } from "@/lib/testing/databases";
import { bodyDigestId } from "@/lib/ingest/otlp-ingest";
import { ServerPairing } from "@/lib/ingest/server-pairing";
import { storeUnit } from "@/lib/ingest/store";
import { decodeProtobufTraceRequest } from "@/lib/otlp";
import { Workload } from "./workload";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const t = await createPostgresTestDatabase();
try {
  const cluster = await t.db.query<{ id: number }>(`INSERT INTO clusters (name) VALUES ('stages') RETURNING id`);
  const clusterId = cluster.rows[0].id;
  const pairing = new ServerPairing(t.db, {});
  const workload = new Workload();
  const sums = { decode: 0, pair: 0, store: 0 };
  for (let i = 0; i < REQUESTS; i++) {
    const body = workload.next();
    const t0 = performance.now();
    const decoded = decodeProtobufTraceRequest(body, { nowMs: Date.now() });
    const t1 = performance.now();
    const unit = pairing.aggregate(clusterId, decoded.spans);
    const t2 = performance.now();
    await storeUnit(t.db, { clusterId, batchId: bodyDigestId(clusterId, body), ...unit });
    const t3 = performance.now();

    if (i >= 5) {
      sums.decode += t1 - t0;
      sums.pair += t2 - t1;
      sums.store += t3 - t2;
    }
  }
  const n = REQUESTS - 5;
  console.log(`per request (ms): decode ${(sums.decode / n).toFixed(1)}, pair+aggregate ${(sums.pair / n).toFixed(1)}, store ${(sums.store / n).toFixed(1)}`);
} finally {
  await t.drop();
}
process.exit(0);
