// npm run bench:ingest — OTLP protobuf requests of 4,096 spans sent over HTTP to the running
// production server for BENCH_SECONDS (default 60), first on PostgreSQL, then on the embedded
// PGlite. Prints sustained committed spans/s (raw rows and rollups, one transaction per
// request), p50/p99 request latency, the server's peak RSS, and in the same run the rate of a
// plain COPY of the same rows into the same table, as the baseline ratio.
// BENCH_CONCURRENCY is the number of concurrent senders, or a list ("1,2,4") measured one after
// the other against the same server. The default is 2: by Little's law the goals together
// (0.6 of COPY, about 10 requests/s, and p99 under 250 ms) leave room for about two requests in
// flight; more senders only queue, raising latency without adding throughput.
// The machine is shared, so the COPY baseline is measured before AND after the load and the
// ratio uses their mean; the load average is printed at both ends.
// Needs a production build (`npx next build`) and PostgreSQL at STRATA_TEST_DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432/test; a fresh database is made and dropped).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@/lib/db";
import type { Database } from "@/lib/db/database";
import { createEmptyPostgresDatabase } from "@/lib/testing/databases";
import { copyRate } from "./copy-baseline";
import { percentile, runLoad, type LoadResult } from "./load";
import { createCluster } from "./cluster";
import { startServer, type ServerProcess } from "./server-process";
import { Workload, SPANS_PER_REQUEST } from "./workload";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? "2").split(",").map(Number);
const SERVER_URL = process.env.STRATA_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
// BENCH_INGEST_PORT: the PostgreSQL target's server port; PGlite's is the next one.
const PORT = Number(process.env.BENCH_INGEST_PORT ?? 3190);
const COPY_BATCHES = 25; // about 100k rows

const load1 = () => os.loadavg()[0].toFixed(1);

interface Measured {
  concurrency: number;
  load: LoadResult;
  loadAverage: string;
}

function report(target: string, runs: Measured[], copyBefore: number, copyAfter: number, rssMb: number) {
  const copy = (copyBefore + copyAfter) / 2;
  console.log(`\n== ${target}`);
  console.log(`  plain COPY         ${Math.round(copy).toLocaleString("en")} rows/s (same rows, same table; ${Math.round(copyBefore).toLocaleString("en")} before the load, ${Math.round(copyAfter).toLocaleString("en")} after)`);
  for (const { concurrency, load, loadAverage } of runs) {
    const rate = load.acceptedSpans / load.seconds;
    console.log(`  -- ${concurrency} sender${concurrency === 1 ? "" : "s"} (load average ${loadAverage} at the end)`);
    console.log(`  ingest over HTTP   ${Math.round(rate).toLocaleString("en")} spans/s committed (${load.requests} requests in ${load.seconds.toFixed(1)} s, ${load.refused} refused 429, ${load.failed} failed)`);
    console.log(`  request latency    p50 ${percentile(load.latenciesMs, 0.5).toFixed(0)} ms, p99 ${percentile(load.latenciesMs, 0.99).toFixed(0)} ms (${SPANS_PER_REQUEST} spans each)`);
    console.log(`  ratio              ${(rate / copy).toFixed(2)} of plain COPY (goal >= 0.6; p99 goal < 250 ms)`);
  }
  console.log(`  server peak RSS    ${rssMb.toFixed(0)} MB`);
}

/** Baseline, load at each concurrency, baseline again; the server is stopped before the second baseline on PGlite. */
async function measure(
  target: string,
  workload: Workload,
  server: ServerProcess,
  openBaseline: () => Promise<Database>,
  baselineWhileServing: boolean,
) {
  const token = await createCluster(server.url);
  await runLoad(server.url, token, workload, 3, Math.max(...CONCURRENCIES)); // warm-up: JIT, partitions, pool
  let copyBefore = NaN;
  if (baselineWhileServing) {
    const db = await openBaseline();
    copyBefore = await copyRate(db, workload.template(), COPY_BATCHES);
    await db.close();
  }
  const runs: Measured[] = [];
  for (const concurrency of CONCURRENCIES) {
    const load = await runLoad(server.url, token, workload, SECONDS, concurrency);
    runs.push({ concurrency, load, loadAverage: load1() });
  }
  const rss = server.peakRssMb();
  await server.stop();
  const db = await openBaseline();
  const copyAfter = await copyRate(db, workload.template(), COPY_BATCHES);
  await db.close();
  report(target, runs, Number.isNaN(copyBefore) ? copyAfter : copyBefore, copyAfter, rss);
}

async function benchPostgres(workload: Workload) {
  const scratch = await createEmptyPostgresDatabase(`strata_bench_${process.pid}`, SERVER_URL);
  try {
    const server = await startServer(PORT, {
      DATABASE_URL: scratch.url,
      STRATA_INGEST_SPANS_PER_SECOND: "100000000",
      STRATA_DB_POOL_SIZE: String(Math.max(...CONCURRENCIES) + 2),
    });
    // The idle server costs nothing while the baseline runs before the load.
    await measure("PostgreSQL 15 (DATABASE_URL)", workload, server, () => openDatabase({ databaseUrl: scratch.url, dataDir: "", poolSize: 2 }), true);
  } finally {
    await scratch.drop();
  }
}

async function benchPglite(workload: Workload) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "strata-bench-"));
  try {
    const server = await startServer(PORT + 1, { DATABASE_URL: "", STRATA_DATA_DIR: dataDir, STRATA_INGEST_SPANS_PER_SECOND: "100000000" });
    // The folder belongs to the server while it runs; the baseline opens it after it stopped.
    await measure("PGlite (embedded)", workload, server, () => openDatabase({ dataDir: path.join(dataDir, "pglite"), poolSize: 1 }), false);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const workload = new Workload();
console.log(`ingest benchmark: ${SECONDS} s per target and sender count, senders ${CONCURRENCIES.join(", ")}, requests of ${SPANS_PER_REQUEST} spans (${(workload.requestBytes / 1e6).toFixed(2)} MB protobuf), ${os.cpus().length} cores, load average ${load1()}`);
if (process.env.BENCH_TARGET !== "pglite") await benchPostgres(workload);
if (process.env.BENCH_TARGET !== "postgres") await benchPglite(workload);
process.exit(0);
