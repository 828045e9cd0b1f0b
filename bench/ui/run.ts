// npm run bench:ui — the dashboard on a big system: 300 services, 1,500 edges, rollups of
// 10 million spans (BENCH_UI_SPANS) over BENCH_UI_HOURS of history (default 6) COPYed into a
// fresh PostgreSQL database; then, against the production server (`npx next build` first):
//  (a) GET /api/v1/graph?layer=service&range=1h, p50/p95 over BENCH_UI_REQUESTS (default 60)
//      requests; baselines: GET /api/v1/health on the same server, and SELECT 1 on the database;
//  (b) first render of the 300-node graph in headless Chromium, navigation → drawn;
//      baseline: the trace search page of the same build, empty result;
//  (c) main-thread time of a refresh with new numbers (same topology) at refresh=5s;
//      baseline: a refresh whose answer did not change (fetch + parse, nothing to patch);
//  (d) freshness: a span tree for a new pair sent to a collector agent → the edge on the page
//      (BENCH_UI_FRESHNESS_TRIALS=0 skips it).
// PostgreSQL at STRATA_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); the
// database is made and dropped (BENCH_UI_DATABASE_URL: kept, see below). Port BENCH_UI_PORT
// (default 3207); Chromium at CHROMIUM_PATH. (a) is measured on PostgreSQL, then on the embedded
// PGlite (pglite.ts; BENCH_UI_PGLITE_HOURS of history, default 2, 0 skips it) on BENCH_UI_PORT + 1.
// BENCH_UI_ONLY=api measures (a) only. BENCH_UI_PROFILE=<dir> adds two CPU-profiled refreshes
// after the measured ones (.cpuprofile files there, self time per function printed).
import { mkdirSync } from "node:fs";
import os from "node:os";
import pg from "pg";
import { createCluster } from "@/lib/clusters/tokens";
import { openDatabase } from "@/lib/db";
import { startServer } from "../ingest/server-process";
import { graphApi, graphInProcess, median, ms } from "./api";
import { emptyPageRender, firstRender, launchChromium, refreshCosts, describeMainThread, type FirstRender } from "./browser";
import { measureFreshness } from "./freshness";
import { pgliteApi } from "./pglite";
import { bumpCurrentMinute, seedRollups, SERVICES } from "./seed";

const SERVER_URL = process.env.STRATA_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PORT = Number(process.env.BENCH_UI_PORT ?? 3207);
const HOURS = Number(process.env.BENCH_UI_HOURS ?? 6);
const SPANS = Number(process.env.BENCH_UI_SPANS ?? 10_000_000);
const REQUESTS = Number(process.env.BENCH_UI_REQUESTS ?? 60);
const RENDERS = Number(process.env.BENCH_UI_RENDERS ?? 3);
const REFRESH_ROUNDS = Number(process.env.BENCH_UI_REFRESH_ROUNDS ?? 3);
const FRESHNESS_TRIALS = Number(process.env.BENCH_UI_FRESHNESS_TRIALS ?? 5);
const ONLY_API = process.env.BENCH_UI_ONLY === "api";
const PROFILE_DIR = process.env.BENCH_UI_PROFILE;
const PGLITE_HOURS = Number(process.env.BENCH_UI_PGLITE_HOURS ?? 2);
if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });

/** Thrown to skip the browser parts (BENCH_UI_ONLY=api); cleanups still run. */
class Done extends Error {}

// BENCH_UI_DATABASE_URL: a database of your own, kept: seeded when its history does not end at
// the current minute (emptied first), used as it is otherwise (runs in the same minute).
const reuse = process.env.BENCH_UI_DATABASE_URL;
const name = `strata_bench_ui_${process.pid}`;
const admin = new pg.Client({ connectionString: SERVER_URL });
await admin.connect();
if (!reuse) await admin.query(`CREATE DATABASE "${name}"`);
const dbUrl = new URL(reuse ?? SERVER_URL);
if (!reuse) dbUrl.pathname = `/${name}`;
const cleanups: Array<() => Promise<unknown>> = [];
try {
  console.log(`bench:ui — ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  const db = await openDatabase({ databaseUrl: dbUrl.toString(), dataDir: "", poolSize: 2 });
  cleanups.push(() => db.close());
  const freshnessCluster = `freshness-${process.pid}`;
  const { token } = await createCluster(db, freshnessCluster);
  let lastMinuteMs: number;
  // A kept database is used as it is while its history ends at the current minute; older, it is
  // seeded again (faster than moving 1 M rows forward: 213 s for that at load average 19).
  const newest = reuse ? (await db.query<{ ms: number | null }>(`SELECT (extract(epoch FROM MAX(minute)) * 1000)::float8 AS ms FROM edge_minutes`)).rows[0].ms : null;
  if (newest !== null && newest >= Math.floor(Date.now() / 60_000) * 60_000) {
    lastMinuteMs = newest;
    console.log(`\nreusing ${dbUrl.pathname.slice(1)}: its history ends at the current minute`);
  } else {
    if (newest !== null) await db.query("TRUNCATE edge_minutes, node_minutes");
    const { cluster } = await createCluster(db, `bench-ui-${process.pid}`);
    const seed = await seedRollups(db, cluster.id, { hours: HOURS, totalSpans: SPANS });
    lastMinuteMs = seed.lastMinuteMs;
    console.log(`\nseed${reuse ? ` (kept in ${dbUrl.pathname.slice(1)})` : ""}: ${seed.edgeRows.toLocaleString("en")} edge_minutes + ${seed.nodeRows.toLocaleString("en")} node_minutes rows (${HOURS} h, ${SERVICES} services, ${seed.edgeRows / (HOURS * 60)} edges), ${(seed.spans / 1e6).toFixed(1)} M spans' worth, COPY in ${seed.seconds.toFixed(0)} s`);
  }

  const inProcess = await graphInProcess(db, REQUESTS);
  const server = await startServer(PORT, { DATABASE_URL: dbUrl.toString() });
  cleanups.unshift(() => server.stop());
  await graphApi("PostgreSQL", server.url, REQUESTS, inProcess);
  // The embedded default, same system, same rates: its own server on the next port.
  if (PGLITE_HOURS > 0) await pgliteApi(PORT + 1, PGLITE_HOURS, (SPANS * PGLITE_HOURS) / HOURS, REQUESTS);

  if (ONLY_API) throw new Done();
  const browser = await launchChromium();
  cleanups.unshift(() => browser.close());
  await emptyPageRender(browser, `${server.url}/traces?service=nothing-here&range=5m`); // warm-up: page chunks compiled, caches
  const empties: number[] = [];
  const renders: FirstRender[] = [];
  for (let i = 0; i < RENDERS; i++) {
    empties.push(await emptyPageRender(browser, `${server.url}/traces?service=nothing-here&range=5m`));
    renders.push(await firstRender(browser, `${server.url}/?range=1h&refresh=off`, SERVICES));
  }
  const render = median(renders.map((r) => r.ms));
  const renderProfile = PROFILE_DIR ? { dir: PROFILE_DIR, name: "first-render", summary: "" } : undefined;
  if (renderProfile) await firstRender(browser, `${server.url}/?range=1h&refresh=off`, SERVICES, renderProfile);
  console.log(`\n(b) first render of the ${SERVICES}-node graph, navigation → drawn, median of ${RENDERS}`);
  console.log(`    ${ms(render)}   (goal < 2000 ms)`);
  const mid = [...renders].sort((a, b) => a.ms - b.ms)[Math.floor(renders.length / 2)];
  const drawnAfterData = median(renders.map((r) => r.ms - r.dataMs));
  console.log(`    of which HTML first byte ${ms(median(renders.map((r) => r.firstByteMs)))}, graph API answer received ${ms(median(renders.map((r) => r.dataMs)))}, main thread busy ${describeMainThread(mid.mainThread)}`);
  console.log(`    from the graph's answer received → drawn: ${ms(drawnAfterData)} (goal < 2000 ms without the API's time), main thread ${describeMainThread(mid.afterData)}`);
  console.log(`    baseline: empty trace search page ${ms(median(empties))}; ratio ${(render / median(empties)).toFixed(1)}×`);
  if (renderProfile) console.log(`    CPU profile of an extra first render (${PROFILE_DIR}/first-render.cpuprofile), ${renderProfile.summary}`);

  const costs = await refreshCosts(browser, `${server.url}/?range=1h&refresh=5s`, SERVICES, REFRESH_ROUNDS, async () => {
    await bumpCurrentMinute(db, lastMinuteMs);
  }, PROFILE_DIR);
  console.log(`\n(c) refresh with new numbers, same topology (refresh=5s), ${REFRESH_ROUNDS} rounds`);
  console.log(`    main-thread time per refresh: median ${ms(median(costs.patched))}, max ${ms(Math.max(...costs.patched))}   (goal < 50 ms)`);
  console.log(`    main-thread CPU time per refresh: median ${ms(median(costs.patchedCpu))}, max ${ms(Math.max(...costs.patchedCpu))}; unchanged answer ${ms(median(costs.unchangedCpu))}${costs.unchangedChanged ? ` (${costs.unchangedChanged} "unchanged" poll(s) left out: the window moved to a new minute)` : ""}${costs.changeLate ? `; ${costs.changeLate} poll(s) after a change came without it and were left out` : ""}`);
  if (costs.patchedSplit) console.log(`    split of the median: ${describeMainThread(costs.patchedSplit)}`);
  console.log(`    baseline: a refresh with an unchanged answer ${ms(median(costs.unchanged))}; ratio ${(median(costs.patched) / Math.max(0.1, median(costs.unchanged))).toFixed(1)}×; idle between polls ${ms(costs.idlePerSecond)} per second`);
  console.log(`    a node moved during refreshes: ${costs.moved ? "YES (bug)" : "no"}`);
  for (const [i, p] of costs.profiles.entries()) console.log(`    CPU profile of an extra refresh (${PROFILE_DIR}/refresh-${i + 1}.cpuprofile), ${p}`);

  for (const cutMs of FRESHNESS_TRIALS > 0 ? [1000] : []) {
    const fresh = await measureFreshness(browser, server.url, { name: freshnessCluster, token }, FRESHNESS_TRIALS, cutMs);
    console.log(`\n(d) freshness at refresh=5s, collector cut every ${cutMs / 1000} s (npm start's agent), ${FRESHNESS_TRIALS} trials`);
    console.log(`    span sent to the collector → edge on the page: median ${median(fresh.pageSeconds).toFixed(1)} s, max ${Math.max(...fresh.pageSeconds).toFixed(1)} s   (goal <= 5 s)`);
    console.log(`    baseline: → edge in the graph API (polled every 100 ms): median ${median(fresh.apiSeconds).toFixed(1)} s, max ${Math.max(...fresh.apiSeconds).toFixed(1)} s`);
  }
} catch (err) {
  if (!(err instanceof Done)) throw err;
} finally {
  for (const c of cleanups) await c().catch((e) => console.error("cleanup:", e));
  if (!reuse) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
process.exit(0);
