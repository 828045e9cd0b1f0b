// Seeds the rollups of a 300-service, 1,500-edge system with COPY: per-minute edge_minutes and
// node_minutes rows over HOURS of history ending at the current minute, so the 1 h window the
// benchmark reads holds the same 90,000 edge rows and 18,000 whole-service rows a real system of
// that size would; call counts are scaled so the whole history is TOTAL_SPANS spans' worth
// (a call is a client and a server span). Histograms are realistic log-normal shapes over the
// shared bucket bounds, drawn from a memoised pool so generating rows costs little.
// Written through the server's own Queryable (COPY in ten-minute chunks), so the same code seeds
// PostgreSQL and the embedded PGlite.
import { BUCKET_COUNT, bucketIndex } from "@/lib/contracts/histogram";
import type { Queryable } from "@/lib/db";

export const SERVICES = 300;
export const EDGES_PER_SERVICE = 5;
const OPERATIONS_PER_SERVICE = 3;
const DOMAINS = ["checkout", "payments", "catalog", "search", "users", "orders", "ledger", "shipping", "pricing", "fraud"];

export interface SeedPlan {
  hours: number;
  totalSpans: number;
}

/** A tiny seeded PRNG: the same plan always seeds the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const serviceName = (i: number) => `${DOMAINS[i % DOMAINS.length]}-${String(i).padStart(3, "0")}`;

export interface SeedEdge {
  client: string;
  server: string;
  kind: string;
  /** relative traffic weight (mean 1) */
  weight: number;
  /** index into the histogram shape pool */
  shape: number;
  errorRate: number;
}

export function topology(): SeedEdge[] {
  const random = rng(42);
  const edges: SeedEdge[] = [];
  for (let i = 0; i < SERVICES; i++) {
    const targets = new Set<number>();
    // Mostly calls "downstream" (higher index), like layered architectures; wraps at the end.
    while (targets.size < EDGES_PER_SERVICE) {
      const j = (i + 1 + Math.floor(random() * 40)) % SERVICES;
      if (j !== i) targets.add(j);
    }
    for (const j of targets) {
      const r = random();
      edges.push({
        client: serviceName(i),
        server: serviceName(j),
        kind: r < 0.85 ? "http" : r < 0.95 ? "grpc" : "messaging",
        weight: Math.exp((random() - 0.5) * 3), // log-uniform over ~20×
        shape: Math.floor(random() * 32),
        errorRate: random() < 0.1 ? 0.02 + random() * 0.1 : random() * 0.002,
      });
    }
  }
  const mean = edges.reduce((s, e) => s + e.weight, 0) / edges.length;
  for (const e of edges) e.weight /= mean;
  return edges;
}

/** Histogram text for `count` observations of shape `shape` (median 1 ms … 400 ms), memoised. */
const histPool = new Map<number, { text: string; sumUs: number }>();
function histogram(shape: number, count: number): { text: string; sumUs: number } {
  const key = shape * 100_000 + count;
  const hit = histPool.get(key);
  if (hit) return hit;
  const medianUs = 1000 * Math.pow(400, shape / 31);
  const counts = new Array<number>(BUCKET_COUNT).fill(0);
  let sumUs = 0;
  const random = rng(key);
  for (let k = 0; k < count; k++) {
    // Box–Muller: log-normal around the median, sigma 0.6.
    const z = Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
    const us = medianUs * Math.exp(0.6 * z);
    counts[bucketIndex(us)]++;
    sumUs += us;
  }
  const value = { text: `{${counts.join(",")}}`, sumUs: Math.round(sumUs) };
  if (histPool.size < 50_000) histPool.set(key, value);
  return value;
}

const iso = (ms: number) => new Date(ms).toISOString();

export interface SeedResult {
  edgeRows: number;
  nodeRows: number;
  spans: number;
  seconds: number;
  firstMinuteMs: number;
  lastMinuteMs: number;
}

/** COPYs the whole history; returns row counts and the number of spans it stands for. */
const EDGE_COLUMNS = ["cluster_id", "minute", "client", "server", "connection_type", "calls", "errors", "client_hist", "client_sum_us", "client_count",
  "server_hist", "server_sum_us", "server_count", "queue_hist", "queue_sum_us", "queue_count", "exemplars"];
const NODE_COLUMNS = ["cluster_id", "minute", "service", "operation", "span_kind", "calls", "errors", "duration_hist", "duration_sum_us", "duration_count", "status_classes"];
/** Minutes per COPY: 15,000 edge rows, about 7 MB of text. */
const CHUNK_MINUTES = 10;

async function copyChunks(db: Queryable, table: string, columns: string[], chunks: Iterable<string>): Promise<void> {
  let batch: string[] = [];
  for (const c of chunks) {
    batch.push(c);
    if (batch.length === CHUNK_MINUTES) {
      await db.copyFrom(table, columns, batch.join(""));
      batch = [];
    }
  }
  if (batch.length) await db.copyFrom(table, columns, batch.join(""));
}

export async function seedRollups(db: Queryable, clusterId: number, plan: SeedPlan, nowMs = Date.now()): Promise<SeedResult> {
  const started = performance.now();
  const edges = topology();
  const minutes = plan.hours * 60;
  const lastMinuteMs = Math.floor(nowMs / 60_000) * 60_000;
  const firstMinuteMs = lastMinuteMs - (minutes - 1) * 60_000;
  // Mean calls per edge-minute so that the history holds totalSpans spans (2 per call).
  const meanCalls = plan.totalSpans / 2 / (edges.length * minutes);
  const random = rng(7);
  let spans = 0;
  let edgeRows = 0;
  let nodeRows = 0;
  // Calls each service served per minute, for its node rows.
  const served = new Map<string, { calls: number; errors: number; shape: number }>();
  const nodeMinutes: Array<[string, Map<string, { calls: number; errors: number; shape: number }>]> = [];

  function* edgeLines(): Generator<string> {
    for (let m = 0; m < minutes; m++) {
      const minute = iso(firstMinuteMs + m * 60_000);
      const lines: string[] = [];
      served.clear();
      for (const e of edges) {
        const calls = Math.max(1, Math.round(meanCalls * e.weight * (0.8 + random() * 0.4)));
        const errors = Math.round(calls * e.errorRate * (random() * 2));
        const server = histogram(e.shape, Math.min(calls, 2000));
        const client = histogram(Math.min(31, e.shape + 1), Math.min(calls, 2000));
        const exemplars = random() < 0.2 ? `{${Math.floor(random() * 2 ** 52).toString(16).padStart(32, "0")}}` : "\\N";
        lines.push(`${clusterId}\t${minute}\t${e.client}\t${e.server}\t${e.kind}\t${calls}\t${errors}\t${client.text}\t${client.sumUs}\t${calls}\t${server.text}\t${server.sumUs}\t${calls}\t\\N\t0\t0\t${exemplars}\n`);
        spans += 2 * calls;
        const s = served.get(e.server) ?? { calls: 0, errors: 0, shape: e.shape };
        s.calls += calls;
        s.errors += errors;
        served.set(e.server, s);
      }
      edgeRows += lines.length;
      yield lines.join("");
      nodeMinutes.push([minute, new Map(served)]);
    }
  }

  function* nodeLines(): Generator<string> {
    for (const [minute, byService] of nodeMinutes) {
      const lines: string[] = [];
      for (let i = 0; i < SERVICES; i++) {
        const name = serviceName(i);
        const s = byService.get(name) ?? { calls: 1, errors: 0, shape: 5 };
        const h = histogram(s.shape, Math.min(s.calls, 2000));
        const status = JSON.stringify({ "2xx": s.calls - s.errors, "5xx": s.errors });
        lines.push(`${clusterId}\t${minute}\t${name}\t\t2\t${s.calls}\t${s.errors}\t${h.text}\t${h.sumUs}\t${s.calls}\t${status}\n`);
        for (let o = 0; o < OPERATIONS_PER_SERVICE; o++) {
          const calls = Math.max(1, Math.round(s.calls / OPERATIONS_PER_SERVICE));
          const ho = histogram(s.shape, Math.min(calls, 2000));
          lines.push(`${clusterId}\t${minute}\t${name}\tGET /api/v${o}/items\t2\t${calls}\t${Math.round(s.errors / OPERATIONS_PER_SERVICE)}\t${ho.text}\t${ho.sumUs}\t${calls}\t{"2xx": ${calls}}\n`);
        }
        nodeRows += 1 + OPERATIONS_PER_SERVICE;
      }
      yield lines.join("");
    }
  }

  await copyChunks(db, "edge_minutes", EDGE_COLUMNS, edgeLines());
  await copyChunks(db, "node_minutes", NODE_COLUMNS, nodeLines());
  await db.query("ANALYZE edge_minutes");
  await db.query("ANALYZE node_minutes");
  return { edgeRows, nodeRows, spans, seconds: (performance.now() - started) / 1000, firstMinuteMs, lastMinuteMs };
}

/**
 * New numbers on every edge and service (same topology): what a refresh brings. Written into the
 * current wall-clock minute, which the server re-reads on every request (an open minute,
 * lib/graph/minute-cache.ts); the seed's last minute closes two minutes after seeding, and the
 * server then keeps serving it from its cache for 30–60 s, so a bump there showed up only polls
 * later (the (c) figures of earlier runs spanned several polls). The current minute starts as the
 * seed's last minute's rows without traffic, so the first bump moves rates as little as the others.
 */
export async function bumpCurrentMinute(client: Queryable, seedLastMinuteMs: number, nowMs = Date.now()): Promise<number> {
  const minute = new Date(Math.floor(nowMs / 60_000) * 60_000);
  const copy = (table: string, columns: string[], key: string, where = "") => {
    const zeroed: Record<string, string> = { minute: "$2", calls: "0", errors: "0" };
    const select = columns.map((c) => zeroed[c] ?? c).join(", ");
    return client.query(
      `INSERT INTO ${table} (${columns.join(", ")}) SELECT ${select} FROM ${table} WHERE minute = $1${where} ON CONFLICT (${key}) DO NOTHING`,
      [new Date(seedLastMinuteMs), minute],
    );
  };
  await copy("edge_minutes", EDGE_COLUMNS, "cluster_id, minute, client, server, connection_type");
  await copy("node_minutes", NODE_COLUMNS, "cluster_id, minute, service, operation, span_kind", " AND operation = ''");
  const r = await client.query(`UPDATE edge_minutes SET calls = calls + 1 + (random() * 50)::int, errors = errors + (random() * 3)::int WHERE minute = $1`, [minute]);
  await client.query(`UPDATE node_minutes SET calls = calls + 1 + (random() * 50)::int WHERE minute = $1 AND operation = ''`, [minute]);
  return r.rowCount ?? 0;
}
