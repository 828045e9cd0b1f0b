// bench:ui (a) on the embedded default: the same seeding code writes the same system (300
// services, 1,500 edges, the same rates) into a PGlite data folder, but BENCH_UI_PGLITE_HOURS of
// history (default 2) instead of 6: the 1 h window reads the same 90,000 edge rows either way
// (rows are found through the minute index), and PGlite's in-process COPY runs at about half
// PostgreSQL's rate, all inside the wasm heap. The folder is seeded in this process, closed, and
// then served by `next start` (a data folder belongs to one process).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createCluster } from "@/lib/clusters/tokens";
import { openDatabase } from "@/lib/db";
import { startServer } from "../ingest/server-process";
import { graphApi, graphInProcess } from "./api";
import { seedRollups, SERVICES } from "./seed";

export async function pgliteApi(port: number, hours: number, totalSpans: number, requests: number): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "strata-bench-ui-pglite-"));
  try {
    // The server opens `${STRATA_DATA_DIR}/pglite` (lib/db/index.ts).
    const db = await openDatabase({ dataDir: path.join(dataDir, "pglite"), poolSize: 1 });
    let inProcess;
    try {
      const { cluster } = await createCluster(db, "bench-ui");
      const seed = await seedRollups(db, cluster.id, { hours, totalSpans });
      console.log(`\nPGlite seed: ${seed.edgeRows.toLocaleString("en")} edge_minutes + ${seed.nodeRows.toLocaleString("en")} node_minutes rows (${hours} h, ${SERVICES} services), ${(seed.spans / 1e6).toFixed(1)} M spans' worth, COPY in ${seed.seconds.toFixed(0)} s`);
      inProcess = await graphInProcess(db, requests);
    } finally {
      await db.close();
    }
    const server = await startServer(port, { DATABASE_URL: "", STRATA_DATA_DIR: dataDir });
    try {
      await graphApi("PGlite (embedded)", server.url, requests, inProcess);
      console.log(`    server peak RSS ${server.peakRssMb().toFixed(0)} MB`);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
