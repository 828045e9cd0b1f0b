// node --conditions=react-server --import tsx bench/graph-windows/run.ts — the service graph over
// long windows (issue 5 offers 5 m to 24 h) on the bench:ui system (300 services, 1,500 edges),
// in this process: for each window (1 h, 3 h, 6 h, 24 h by default) the first read with nothing
// cached (cold), then the p50 of BENCH_WINDOWS_WARM (5) repeated reads (warm: what a refresh
// pays), and the cache's estimated bytes. Baseline in the same run: SELECT 1 over the same pool.
// The database is BENCH_WINDOWS_DATABASE_URL (kept): it is seeded with BENCH_UI_HOURS (24) of
// history through bench/ui/seed.ts when it holds no rollups, or when its newest minute is more
// than an hour old (then reseeded).
import os from "node:os";
import pg from "pg";
import { createCluster } from "@/lib/clusters/tokens";
import { openDatabase } from "@/lib/db";
import { clearMinuteCaches, minuteCachesOf } from "@/lib/graph/rollup-minutes";
import { serviceGraph } from "@/lib/graph/service-graph";
import { percentile } from "../ingest/load";
import { seedRollups } from "../ui/seed";

const URL_ = process.env.BENCH_WINDOWS_DATABASE_URL;
if (!URL_) throw new Error("set BENCH_WINDOWS_DATABASE_URL to a database of your own (it is seeded and kept)");
const HOURS = Number(process.env.BENCH_UI_HOURS ?? 24);
const WARM = Number(process.env.BENCH_WINDOWS_WARM ?? 5);
const WINDOWS_H = (process.env.BENCH_WINDOWS_HOURS ?? "1,3,6,24").split(",").map(Number);
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(" ");

const db = await openDatabase({ databaseUrl: URL_, dataDir: "", poolSize: 2 });
const client = new pg.Client({ connectionString: URL_ });
await client.connect();
try {
  const newest = await client.query<{ ms: number | null }>(`SELECT (extract(epoch FROM MAX(minute)) * 1000)::float8 AS ms FROM edge_minutes`);
  const ageMin = newest.rows[0].ms === null ? Infinity : (Date.now() - newest.rows[0].ms) / 60_000;
  if (ageMin > 60) {
    await client.query(`TRUNCATE edge_minutes, node_minutes`);
    const name = `bench-windows-${Date.now()}`;
    const { cluster } = await createCluster(db, name);
    const seed = await seedRollups(db, cluster.id, { hours: HOURS, totalSpans: 10_000_000 * (HOURS / 6) });
    console.log(`seeded ${seed.edgeRows.toLocaleString("en")} edge_minutes + ${seed.nodeRows.toLocaleString("en")} node_minutes rows (${HOURS} h) in ${seed.seconds.toFixed(0)} s`);
    await client.query(`ANALYZE edge_minutes; ANALYZE node_minutes`);
  }
  console.log(`graph windows — ${os.cpus().length} cores, load average ${load()}`);
  const timed = async (fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  const selectOne: number[] = [];
  for (let i = 0; i < 20; i++) selectOne.push(await timed(() => client.query("SELECT 1")));
  for (const h of WINDOWS_H) {
    const toMs = Math.ceil(Date.now() / 60_000) * 60_000;
    const scope = { fromMs: toMs - h * 3_600_000, toMs, clusterId: null };
    clearMinuteCaches(db);
    const cold = await timed(() => serviceGraph(db, scope));
    const warm: number[] = [];
    for (let i = 0; i < WARM; i++) warm.push(await timed(() => serviceGraph(db, scope)));
    const c = minuteCachesOf(db);
    const mb = (c.edges.size + c.nodes.size + (c.edgeHours?.size ?? 0) + (c.nodeHours?.size ?? 0)) / 1e6;
    const g = await serviceGraph(db, scope);
    console.log(
      `${String(h).padStart(2)} h: ${g.nodes.length} nodes, ${g.edges.length} edges; cold ${cold.toFixed(0)} ms, warm p50 ${percentile(warm, 0.5).toFixed(0)} ms (max ${Math.max(...warm).toFixed(0)}); cache ≈ ${mb.toFixed(0)} MB; load ${load()}`,
    );
  }
  console.log(`baseline: SELECT 1 p50 ${percentile(selectOne, 0.5).toFixed(2)} ms`);
} finally {
  await client.end();
  await db.close();
}
process.exit(0);
