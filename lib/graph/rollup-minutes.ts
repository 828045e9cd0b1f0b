import "server-only";
// The rows the service, application and combined layers sum: edge_minutes and node_minutes of a
// window, per cluster, read through the process's caches so that a refresh re-reads only what
// changed:
// - windows up to CACHED_WINDOW_MINUTES: every minute from the minute cache (minute-cache.ts),
//   whole ten-minute blocks merged once (minute-blocks.ts);
// - longer windows up to CACHED_WINDOW_HOURS: the whole closed UTC hours inside the window from
//   an hour cache (each hour summed in SQL once, rollup-sums.ts), the ragged minutes before the
//   first and after the last whole hour as above. A 24 h window of 1,500 edges is then 24 hour
//   lists of 1,500 rows plus up to two hours of minutes, instead of a 2 M-row SQL merge per read;
//   an hour expires after HOUR_TTL_MS (another replica's late writes) or when ingest in this
//   process writes one of its minutes;
// - longer windows still (absolute ranges of days): summed in SQL per read.
// Rows keep their cluster, so one cached minute or hour serves every cluster filter; the caller sums.
import type { Queryable } from "@/lib/db/database";
import type { GraphScope } from "./graph-scope";
import { MinuteBlocks } from "./minute-blocks";
import { MinuteCache, type MinuteFetch, type OpenMinuteCheck } from "./minute-cache";
import { edgeBytes, edgeRowOf, ENTRY_KINDS, groupByMinute, nodeBytes, nodeRowOf, num, type EdgeRollupRow, type NodeRollupRow, type Raw } from "./rollup-rows";
import { HOUR_MS, sumEdgeHours, sumEdgeSpan, sumNodeHours, sumNodeSpan, type SumSpan } from "./rollup-sums";
import { mergeSparse } from "./sparse-histogram";

/** Windows up to this long are read minute by minute (the dashboard's default is 15 min–1 h). */
export const CACHED_WINDOW_MINUTES = 180;
/** Windows up to this long read whole hours from the hour cache; longer ones are summed in SQL. */
export const CACHED_WINDOW_HOURS = 48;
/** Estimated memory bound per minute cache; 3 h of 1,500 edges is about 150 MB (bench/README "UI"). */
const CACHE_BYTES = 256 * 1024 * 1024;
/** Estimated memory bound per hour cache; a 24 h window of the bench system (1,500 edges) held about 86 MB with its loose minutes (bench/README "UI"). */
const HOUR_CACHE_BYTES = 192 * 1024 * 1024;
/** How long a closed hour is trusted without a write seen in this process (jittered down to half). */
export const HOUR_TTL_MS = 15 * 60_000;

export type { EdgeRollupRow, NodeRollupRow } from "./rollup-rows";
export { ENTRY_KINDS } from "./rollup-rows";

const minuteParams = (minutes: number[]) => [minutes.map((m) => new Date(m).toISOString())];

async function fetchEdgeMinutes(db: Queryable, minutes: number[]): Promise<Map<number, EdgeRollupRow[]>> {
  const r = await db.query<Raw>(
    `SELECT (extract(epoch FROM e.minute) * 1000)::float8 AS minute_ms, e.client, e.server, e.connection_type, e.cluster_id,
            c.name AS cluster, e.calls, e.errors, e.client_hist::text AS client_hist, e.client_sum_us, e.client_count,
            e.server_hist::text AS server_hist, e.server_sum_us, e.server_count
       FROM edge_minutes e JOIN clusters c ON c.id = e.cluster_id
      WHERE e.minute = ANY($1::timestamptz[])`,
    minuteParams(minutes),
  );
  return groupByMinute(r.rows, edgeRowOf, (a, b) => a.key - b.key || a.clusterId - b.clusterId);
}

async function fetchNodeMinutes(db: Queryable, minutes: number[]): Promise<Map<number, NodeRollupRow[]>> {
  const r = await db.query<Raw>(
    `SELECT (extract(epoch FROM n.minute) * 1000)::float8 AS minute_ms, n.service, n.operation, n.span_kind, n.cluster_id,
            c.name AS cluster, n.calls, n.errors, n.duration_hist::text AS duration_hist, n.duration_sum_us, n.duration_count
       FROM node_minutes n JOIN clusters c ON c.id = n.cluster_id
      WHERE n.minute = ANY($1::timestamptz[]) AND (n.operation = '' OR n.span_kind = ANY($2::int[]))`,
    [...minuteParams(minutes), ENTRY_KINDS],
  );
  return groupByMinute(r.rows, nodeRowOf, (a, b) => a.key - b.key || a.clusterId - b.clusterId || a.spanKind - b.spanKind);
}

// The digests of open minutes (minute-cache.ts OpenMinuteCheck): counts and counter sums, the
// same in SQL as in JS, over the same rows as the fetches above.
async function digests(db: Queryable, sql: string, minutes: number[], extra: unknown[] = []): Promise<Map<number, string>> {
  const r = await db.query<{ minute_ms: number; digest: string }>(sql, [...minuteParams(minutes), ...extra]);
  return new Map(r.rows.map((x) => [num(x.minute_ms), x.digest]));
}

const sumOf = <R>(rows: readonly R[], f: (r: R) => number) => rows.reduce((s, r) => s + f(r), 0);

const edgeCheck = (db: Queryable): OpenMinuteCheck<EdgeRollupRow> => ({
  digestOf: (rows) =>
    [rows.length, sumOf(rows, (r) => r.calls), sumOf(rows, (r) => r.errors), sumOf(rows, (r) => r.clientHist.count), sumOf(rows, (r) => r.serverHist.count)].join(":"),
  digests: (minutes) =>
    digests(
      db,
      `SELECT (extract(epoch FROM minute) * 1000)::float8 AS minute_ms,
              concat_ws(':', count(*), sum(calls), sum(errors), sum(client_count), sum(server_count)) AS digest
         FROM edge_minutes WHERE minute = ANY($1::timestamptz[]) GROUP BY minute`,
      minutes,
    ),
});

const nodeCheck = (db: Queryable): OpenMinuteCheck<NodeRollupRow> => ({
  digestOf: (rows) => [rows.length, sumOf(rows, (r) => r.calls), sumOf(rows, (r) => r.errors), sumOf(rows, (r) => r.hist.count)].join(":"),
  digests: (minutes) =>
    digests(
      db,
      `SELECT (extract(epoch FROM minute) * 1000)::float8 AS minute_ms,
              concat_ws(':', count(*), sum(calls), sum(errors), sum(duration_count)) AS digest
         FROM node_minutes WHERE minute = ANY($1::timestamptz[]) AND (operation = '' OR span_kind = ANY($2::int[])) GROUP BY minute`,
      minutes,
      [ENTRY_KINDS],
    ),
});

/** Sums rows of several minutes per key and cluster (a block, minute-blocks.ts). */
function mergeEdgeLists(lists: readonly (readonly EdgeRollupRow[])[]): EdgeRollupRow[] {
  const groups = new Map<string, EdgeRollupRow[]>();
  for (const rows of lists) for (const r of rows) {
    const k = `${r.key}:${r.clusterId}`;
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.values()].map((g) => {
    return {
      ...g[0],
      calls: g.reduce((s, r) => s + r.calls, 0),
      errors: g.reduce((s, r) => s + r.errors, 0),
      clientHist: mergeSparse(g.map((r) => r.clientHist)),
      serverHist: mergeSparse(g.map((r) => r.serverHist)),
    };
  });
}

function mergeNodeLists(lists: readonly (readonly NodeRollupRow[])[]): NodeRollupRow[] {
  const groups = new Map<string, NodeRollupRow[]>();
  for (const rows of lists) for (const r of rows) {
    // span kind too: the application layer reads entry kinds, the service layer whole services
    const k = `${r.key}:${r.clusterId}:${r.spanKind}`;
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.values()].map((g) => ({
    ...g[0],
    calls: g.reduce((s, r) => s + r.calls, 0),
    errors: g.reduce((s, r) => s + r.errors, 0),
    hist: mergeSparse(g.map((r) => r.hist)),
  }));
}

interface Caches {
  edges: MinuteCache<EdgeRollupRow>;
  nodes: MinuteCache<NodeRollupRow>;
  edgeBlocks: MinuteBlocks<EdgeRollupRow>;
  nodeBlocks: MinuteBlocks<NodeRollupRow>;
  edgeHours: MinuteCache<EdgeRollupRow>;
  nodeHours: MinuteCache<NodeRollupRow>;
}

// One pair of caches per database object (tests open several in one process), on globalThis
// because Next.js bundles route handlers separately.
const KEY = Symbol.for("strata.graphMinuteCaches");
type Holder = { [KEY]?: WeakMap<object, Caches> };

export function minuteCachesOf(db: Queryable): Caches {
  const holder = globalThis as Holder;
  const all = (holder[KEY] ??= new WeakMap());
  let caches = all.get(db);
  if (!caches) {
    caches = {
      edges: new MinuteCache<EdgeRollupRow>({ sizeOf: edgeBytes, maxBytes: CACHE_BYTES }),
      nodes: new MinuteCache<NodeRollupRow>({ sizeOf: nodeBytes, maxBytes: CACHE_BYTES }),
      edgeBlocks: new MinuteBlocks(mergeEdgeLists),
      nodeBlocks: new MinuteBlocks(mergeNodeLists),
      edgeHours: new MinuteCache<EdgeRollupRow>({ sizeOf: edgeBytes, maxBytes: HOUR_CACHE_BYTES, unitMs: HOUR_MS, ttlMs: HOUR_TTL_MS }),
      nodeHours: new MinuteCache<NodeRollupRow>({ sizeOf: nodeBytes, maxBytes: HOUR_CACHE_BYTES, unitMs: HOUR_MS, ttlMs: HOUR_TTL_MS }),
    };
    all.set(db, caches);
  }
  return caches;
}

/** Drops every cached minute of this database (tests compare cached with uncached reads). */
export function clearMinuteCaches(db: Queryable): void {
  const holder = globalThis as Holder;
  const caches = holder[KEY]?.get(db);
  if (!caches) return;
  caches.edges.dispose();
  caches.nodes.dispose();
  caches.edgeBlocks.clear();
  caches.nodeBlocks.clear();
  caches.edgeHours.dispose();
  caches.nodeHours.dispose();
  holder[KEY]!.delete(db);
}

/**
 * A window's rows, per minute (or one list for a long window), without copying them into one
 * array: the caller visits each row of the scope's cluster (all clusters when null).
 */
export class RollupRows<R extends { clusterId: number }> {
  constructor(
    private readonly lists: readonly (readonly R[])[],
    private readonly clusterId: number | null,
  ) {}

  forEach(visit: (row: R) => void): void {
    const only = this.clusterId;
    for (const rows of this.lists) for (const r of rows) if (only === null || r.clusterId === only) visit(r);
  }
}

/** A stretch of the window read from minutes or from whole hours. */
interface Part {
  fromMs: number;
  toMs: number;
  hours: boolean;
}

/**
 * How a window is read: minutes only; ragged minutes around the whole closed hours; or null,
 * summed in SQL (too long, or more loose minutes than a minute window would hold).
 */
export function windowParts(scope: { fromMs: number; toMs: number }, closedUntilMs: number): Part[] | null {
  const { fromMs, toMs } = scope;
  if (toMs - fromMs <= CACHED_WINDOW_MINUTES * 60_000) return [{ fromMs, toMs, hours: false }];
  if (toMs - fromMs > CACHED_WINDOW_HOURS * HOUR_MS) return null;
  const hoursFrom = Math.ceil(fromMs / HOUR_MS) * HOUR_MS;
  const hoursTo = Math.min(Math.floor(toMs / HOUR_MS), Math.floor(closedUntilMs / HOUR_MS)) * HOUR_MS;
  if (hoursTo <= hoursFrom || (hoursFrom - fromMs) + (toMs - hoursTo) > CACHED_WINDOW_MINUTES * 60_000) return null;
  const parts: Part[] = [{ fromMs, toMs: hoursFrom, hours: false }, { fromMs: hoursFrom, toMs: hoursTo, hours: true }, { fromMs: hoursTo, toMs, hours: false }];
  return parts.filter((p) => p.toMs > p.fromMs);
}

/** Where one kind of row (edges or nodes) comes from. */
interface RowSource<R> {
  minutes: MinuteCache<R>;
  blocks: MinuteBlocks<R>;
  hours: MinuteCache<R>;
  fetchMinutes: MinuteFetch<R>;
  check: OpenMinuteCheck<R>;
  fetchHours: MinuteFetch<R>;
  sumSpan: (span: SumSpan) => Promise<R[]>;
}

async function windowRows<R extends { clusterId: number }>(src: RowSource<R>, scope: GraphScope, nowMs: number): Promise<RollupRows<R>> {
  const parts = windowParts(scope, src.hours.closedUntil(nowMs));
  if (parts === null) return new RollupRows([await src.sumSpan(scope)], scope.clusterId);
  const lists: R[][] = [];
  for (const p of parts) {
    if (p.hours) lists.push(...(await src.hours.window(p.fromMs, p.toMs, src.fetchHours, nowMs)));
    else {
      const minutes = await src.minutes.window(p.fromMs, p.toMs, src.fetchMinutes, nowMs, src.check);
      lists.push(...src.blocks.fold(p.fromMs, minutes, src.minutes.closedUntil(nowMs)));
    }
  }
  return new RollupRows(lists, scope.clusterId);
}

/** The window's edge rows (per minute, block or hour, and cluster; or summed), cluster-filtered. */
export async function edgeRollupRows(db: Queryable, scope: GraphScope, nowMs = Date.now()): Promise<RollupRows<EdgeRollupRow>> {
  const c = minuteCachesOf(db);
  return windowRows({
    minutes: c.edges, blocks: c.edgeBlocks, hours: c.edgeHours, check: edgeCheck(db),
    fetchMinutes: (m) => fetchEdgeMinutes(db, m), fetchHours: (h) => sumEdgeHours(db, h), sumSpan: (span) => sumEdgeSpan(db, span),
  }, scope, nowMs);
}

/** The window's whole-service and entry-operation rows, cluster-filtered. */
export async function nodeRollupRows(db: Queryable, scope: GraphScope, nowMs = Date.now()): Promise<RollupRows<NodeRollupRow>> {
  const c = minuteCachesOf(db);
  return windowRows({
    minutes: c.nodes, blocks: c.nodeBlocks, hours: c.nodeHours, check: nodeCheck(db),
    fetchMinutes: (m) => fetchNodeMinutes(db, m), fetchHours: (h) => sumNodeHours(db, h), sumSpan: (span) => sumNodeSpan(db, span),
  }, scope, nowMs);
}
