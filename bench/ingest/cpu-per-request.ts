// CPU time per OTLP request through the real production server over HTTP: the server process
// (Next.js, body read, decode, pairing, COPY encoding, driver, GC) and the PostgreSQL backends
// of its database, read from /proc around BENCH_REQUESTS sequential requests (default 60, after
// 10 warm-up ones). CPU time stays comparable on a loaded machine where run.ts's wall-clock
// latencies do not, so this is how two builds are compared: run it on each, back to back.
// With 2 senders on one Node thread, p99 is about two requests' service time plus pauses, so
// the server's CPU per request is the figure that moves it.
//   npx next build && STRATA_TEST_DATABASE_URL=… BENCH_INGEST_PORT=3710 \
//     node --conditions=react-server --import tsx bench/ingest/cpu-per-request.ts
import os from "node:os";
import pg from "pg";
import { createEmptyPostgresDatabase } from "@/lib/testing/databases";
import { createCluster } from "./cluster";
import { startServer } from "./server-process";
import { processCpuMs } from "./proc-cpu";
import { Workload } from "./workload";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 60);
/** Concurrent senders sharing REQUESTS: 2 is the load of run.ts, where requests interleave. */
const SENDERS = Number(process.env.BENCH_CONCURRENCY ?? 1);
const WARMUP = 10;
const SERVER_URL = process.env.STRATA_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PORT = Number(process.env.BENCH_INGEST_PORT ?? 3190);
const name = `strata_bench_cpu_${process.pid}`;
const scratch = await createEmptyPostgresDatabase(name, SERVER_URL);
// reads the backends' pids (pg_stat_activity) around the requests
const admin = new pg.Client({ connectionString: SERVER_URL });
await admin.connect();
const server = await startServer(PORT, { DATABASE_URL: scratch.url, STRATA_INGEST_SPANS_PER_SECOND: "100000000", STRATA_DB_POOL_SIZE: "4" });
try {
  const token = await createCluster(server.url);
  const workload = new Workload();
  const backendsCpuMs = async () => {
    const r = await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [name]);
    return r.rows.reduce((sum, row) => sum + processCpuMs(row.pid), 0);
  };
  const send = async () => {
    const res = await fetch(`${server.url}/v1/traces`, {
      method: "POST",
      body: new Uint8Array(workload.next()),
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-protobuf" },
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`request failed: ${res.status}`);
  };
  for (let i = 0; i < WARMUP; i++) await send();
  const server0 = processCpuMs(server.child.pid!);
  const pg0 = await backendsCpuMs();
  let left = REQUESTS;
  const sender = async () => {
    while (left-- > 0) await send();
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
  const serverMs = (processCpuMs(server.child.pid!) - server0) / REQUESTS;
  const pgMs = ((await backendsCpuMs()) - pg0) / REQUESTS;
  console.log(`per 4096-span request over HTTP (${REQUESTS} requests from ${SENDERS} sender${SENDERS === 1 ? "" : "s"}, load average ${os.loadavg()[0].toFixed(1)}): server ${serverMs.toFixed(1)} CPU ms, postgres backends ${pgMs.toFixed(1)} CPU ms`);
} finally {
  await server.stop();
  await admin.end();
  await scratch.drop();
}
process.exit(0);
