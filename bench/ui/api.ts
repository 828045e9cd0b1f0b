// bench:ui (a): the graph API of a running server, 1 h window, timed request by request, beside
// the server's cheapest route (health) and the database's cheapest query (SELECT 1), plus the
// query function itself in this process on the same database.
import type { Database } from "@/lib/db";
import { serviceGraph } from "@/lib/graph/service-graph";
import { percentile } from "../ingest/load";

export const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;
export const median = (v: number[]) => percentile(v, 0.5);

export async function timeRequests(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export async function getOk(url: string) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.text();
}

export interface InProcess {
  coldMs: number;
  warm: number[];
  selectOne: number[];
}

/** serviceGraph() over the last hour in this process: the first call fills the minute cache (lib/graph/minute-cache.ts). */
export async function graphInProcess(db: Database, requests: number): Promise<InProcess> {
  const scope = { fromMs: Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000, toMs: Math.ceil(Date.now() / 60_000) * 60_000, clusterId: null };
  const coldStart = performance.now();
  await serviceGraph(db, scope);
  const coldMs = performance.now() - coldStart;
  const warm = await timeRequests(5, () => serviceGraph(db, scope));
  const selectOne = await timeRequests(requests, () => db.query("SELECT 1"));
  return { coldMs, warm, selectOne };
}

/** (a) over HTTP against `serverUrl`, printed under `title`. */
export async function graphApi(title: string, serverUrl: string, requests: number, inProcess: InProcess): Promise<void> {
  const graphUrl = `${serverUrl}/api/v1/graph?layer=service&range=1h`;
  const firstStart = performance.now();
  const body = JSON.parse(await getOk(graphUrl)) as { nodes: unknown[]; edges: unknown[] };
  const firstMs = performance.now() - firstStart;
  for (let i = 0; i < 4; i++) await getOk(graphUrl); // warm-up: JIT, pool, plan cache
  const api = await timeRequests(requests, () => getOk(graphUrl));
  const health = await timeRequests(requests, () => getOk(`${serverUrl}/api/v1/health`));
  const selectOne = inProcess.selectOne;
  console.log(`\n(a) graph API, ${title}, 1 h window: ${body.nodes.length} nodes, ${body.edges.length} edges, ${requests} sequential requests`);
  console.log(`    p50 ${ms(median(api))}, p95 ${ms(percentile(api, 0.95))}   (goal p95 < 100 ms)`);
  console.log(`    first request (the server's minute cache empty) ${ms(firstMs)}`);
  console.log(`    serviceGraph() in-process p50 ${ms(median(inProcess.warm))} (SQL + mapping, no HTTP); its first call ${ms(inProcess.coldMs)}`);
  console.log(`    baselines: GET /api/v1/health p50 ${ms(median(health))}, SELECT 1 p50 ${ms(median(selectOne))}`);
  console.log(`    ratio: p50 ${(median(api) / median(health)).toFixed(0)}× the health round trip, ${(median(api) / median(selectOne)).toFixed(0)}× SELECT 1`);
}
