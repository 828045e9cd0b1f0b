import "server-only";
// The rows the service, application and combined layers sum: edge_minutes and node_minutes of a
// window, per minute and per cluster, read through the process's minute cache (minute-cache.ts)
// for windows up to CACHED_WINDOW_MINUTES, and summed in SQL for longer ones (a 24 h window of
// 1,500 edges would hold 2 M rows in memory; those windows pay the SQL merge, as before).
// Rows keep their cluster, so one cached minute serves every cluster filter; the caller sums.
import type { Queryable } from "@/lib/db/database";
import type { GraphScope } from "./graph-scope";
import { offerExemplar, type ExemplarCandidate } from "./exemplars";
import { histogramSumSql } from "./histogram-sql";
import { MinuteBlocks } from "./minute-blocks";
import { MinuteCache, type OpenMinuteCheck } from "./minute-cache";
import { mergeSparse, sparseBytes, sparseOf, type SparseHistogram } from "./sparse-histogram";

/** Windows up to this long are served from cached minutes (the dashboard's default is 15 min–1 h). */
export const CACHED_WINDOW_MINUTES = 180;
/** Estimated memory bound per cache; 3 h of 1,500 edges is about 150 MB (bench/README "UI"). */
const CACHE_BYTES = 256 * 1024 * 1024;

export type { ExemplarCandidate } from "./exemplars";

export interface EdgeRollupRow {
  /** the same number for the same client, server and connection type (keyIdOf) */
  key: number;
  client: string;
  server: string;
  connectionType: string;
  clusterId: number;
  cluster: string;
  calls: number;
  errors: number;
  clientHist: SparseHistogram;
  serverHist: SparseHistogram;
  exemplars: ExemplarCandidate[];
}

/** A whole-service row (operation '') or an entry operation (server or consumer span kind). */
export interface NodeRollupRow {
  /** the same number for the same service and operation (keyIdOf) */
  key: number;
  service: string;
  operation: string;
  spanKind: number;
  clusterId: number;
  cluster: string;
  calls: number;
  errors: number;
  hist: SparseHistogram;
}

/** OTLP span kinds that receive work: SERVER (2) and CONSUMER (5); the application layer's operations. */
export const ENTRY_KINDS = [2, 5];

// Strings repeat in every minute: one copy each, not one per cached row.
const interned = new Map<string, string>();
function intern(s: string): string {
  const hit = interned.get(s);
  if (hit !== undefined) return hit;
  if (interned.size > 1_000_000) interned.clear();
  interned.set(s, s);
  return s;
}

// Every edge (client, server, type) and node (service, operation) gets a number once, when its
// rows are fetched: summing a window then groups 90,000 rows by number, without building a
// string key per row per request.
const keyIds = new Map<string, number>();
function keyIdOf(...parts: string[]): number {
  const k = parts.join("\u0000");
  let id = keyIds.get(k);
  if (id === undefined) keyIds.set(k, (id = keyIds.size));
  return id;
}

const num = (v: unknown) => Number(v) || 0;

type Raw = Record<string, unknown>;

function edgeRowOf(r: Raw): EdgeRollupRow {
  const exemplars: ExemplarCandidate[] = [];
  if (r.exemplar_ids === undefined) {
    // A minute row: its first exemplar, ranked by the row's errors and minute.
    if (r.exemplar) exemplars.push({ id: r.exemplar as string, errors: num(r.errors), minuteMs: num(r.minute_ms) });
  } else {
    const ids = (r.exemplar_ids as (string | null)[] | null) ?? [];
    const errs = (r.exemplar_errors as number[] | null) ?? [];
    const mins = (r.exemplar_minutes as number[] | null) ?? [];
    ids.forEach((id, i) => {
      if (id) exemplars.push({ id, errors: num(errs[i]), minuteMs: num(mins[i]) });
    });
  }
  const client = intern(r.client as string);
  const server = intern(r.server as string);
  const connectionType = intern(r.connection_type as string);
  return {
    key: keyIdOf("e", client, server, connectionType),
    client,
    server,
    connectionType,
    clusterId: num(r.cluster_id),
    cluster: intern(r.cluster as string),
    calls: num(r.calls),
    errors: num(r.errors),
    clientHist: sparseOf(r.client_hist as string | null, num(r.client_sum_us), num(r.client_count)),
    serverHist: sparseOf(r.server_hist as string | null, num(r.server_sum_us), num(r.server_count)),
    exemplars,
  };
}

function nodeRowOf(r: Raw): NodeRollupRow {
  const service = intern(r.service as string);
  const operation = intern(r.operation as string);
  return {
    key: keyIdOf("n", service, operation),
    service,
    operation,
    spanKind: num(r.span_kind),
    clusterId: num(r.cluster_id),
    cluster: intern(r.cluster as string),
    calls: num(r.calls),
    errors: num(r.errors),
    hist: sparseOf(r.duration_hist as string | null, num(r.duration_sum_us), num(r.duration_count)),
  };
}

const edgeBytes = (r: EdgeRollupRow) => 160 + sparseBytes(r.clientHist) + sparseBytes(r.serverHist) + r.exemplars.length * 120;
const nodeBytes = (r: NodeRollupRow) => 120 + sparseBytes(r.hist);

// Each minute's rows in one order (sorting 1,500 numbers here is cheaper than ORDER BY), so
// float sums (sum_us) add up in the same order on every read.
function groupByMinute<R>(rows: Raw[], of: (r: Raw) => R, order: (a: R, b: R) => number): Map<number, R[]> {
  const out = new Map<number, R[]>();
  for (const r of rows) {
    const m = num(r.minute_ms);
    const list = out.get(m);
    if (list) list.push(of(r));
    else out.set(m, [of(r)]);
  }
  for (const list of out.values()) list.sort(order);
  return out;
}

const minuteParams = (minutes: number[]) => [minutes.map((m) => new Date(m).toISOString())];

async function fetchEdgeMinutes(db: Queryable, minutes: number[]): Promise<Map<number, EdgeRollupRow[]>> {
  const r = await db.query<Raw>(
    `SELECT (extract(epoch FROM e.minute) * 1000)::float8 AS minute_ms, e.client, e.server, e.connection_type, e.cluster_id,
            c.name AS cluster, e.calls, e.errors, e.client_hist::text AS client_hist, e.client_sum_us, e.client_count,
            e.server_hist::text AS server_hist, e.server_sum_us, e.server_count,
            e.exemplars[1] AS exemplar
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

// Long windows: the same rows, summed over the window in SQL (one "minute" per key and cluster).
async function sumEdgeWindow(db: Queryable, scope: GraphScope): Promise<EdgeRollupRow[]> {
  const top = (expr: string) =>
    `(ARRAY_AGG(${expr} ORDER BY e.errors DESC, e.minute DESC) FILTER (WHERE cardinality(e.exemplars) > 0))[1:5]`;
  const r = await db.query<Raw>(
    `SELECT e.client, e.server, e.connection_type, e.cluster_id, c.name AS cluster, SUM(e.calls) AS calls, SUM(e.errors) AS errors,
            array_to_string(${histogramSumSql("e.client_hist")}, ',') AS client_hist, SUM(e.client_sum_us) AS client_sum_us, SUM(e.client_count) AS client_count,
            array_to_string(${histogramSumSql("e.server_hist")}, ',') AS server_hist, SUM(e.server_sum_us) AS server_sum_us, SUM(e.server_count) AS server_count,
            ${top("e.exemplars[1]")} AS exemplar_ids, ${top("e.errors::float8")} AS exemplar_errors,
            ${top("(extract(epoch FROM e.minute) * 1000)::float8")} AS exemplar_minutes
       FROM edge_minutes e JOIN clusters c ON c.id = e.cluster_id
      WHERE e.minute >= $1 AND e.minute < $2 AND ($3::int IS NULL OR e.cluster_id = $3)
      GROUP BY e.client, e.server, e.connection_type, e.cluster_id, c.name
      ORDER BY e.cluster_id, e.client, e.server, e.connection_type`,
    [new Date(scope.fromMs), new Date(scope.toMs), scope.clusterId],
  );
  return r.rows.map(edgeRowOf);
}

async function sumNodeWindow(db: Queryable, scope: GraphScope): Promise<NodeRollupRow[]> {
  const r = await db.query<Raw>(
    `SELECT n.service, n.operation, n.span_kind, n.cluster_id, c.name AS cluster, SUM(n.calls) AS calls, SUM(n.errors) AS errors,
            array_to_string(${histogramSumSql("n.duration_hist")}, ',') AS duration_hist, SUM(n.duration_sum_us) AS duration_sum_us,
            SUM(n.duration_count) AS duration_count
       FROM node_minutes n JOIN clusters c ON c.id = n.cluster_id
      WHERE n.minute >= $1 AND n.minute < $2 AND ($3::int IS NULL OR n.cluster_id = $3)
        AND (n.operation = '' OR n.span_kind = ANY($4::int[]))
      GROUP BY n.service, n.operation, n.span_kind, n.cluster_id, c.name
      ORDER BY n.cluster_id, n.service, n.operation, n.span_kind`,
    [new Date(scope.fromMs), new Date(scope.toMs), scope.clusterId, ENTRY_KINDS],
  );
  return r.rows.map(nodeRowOf);
}

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
    const exemplars: ExemplarCandidate[] = [];
    for (const r of g) for (const c of r.exemplars) offerExemplar(exemplars, c);
    return {
      ...g[0],
      calls: g.reduce((s, r) => s + r.calls, 0),
      errors: g.reduce((s, r) => s + r.errors, 0),
      clientHist: mergeSparse(g.map((r) => r.clientHist)),
      serverHist: mergeSparse(g.map((r) => r.serverHist)),
      exemplars,
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
  holder[KEY]!.delete(db);
}

const servedFromCache = (scope: GraphScope) => (scope.toMs - scope.fromMs) / 60_000 <= CACHED_WINDOW_MINUTES;

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

/** The window's edge rows (per minute and cluster, or per cluster for long windows), cluster-filtered. */
export async function edgeRollupRows(db: Queryable, scope: GraphScope, nowMs = Date.now()): Promise<RollupRows<EdgeRollupRow>> {
  if (!servedFromCache(scope)) return new RollupRows([await sumEdgeWindow(db, scope)], null);
  const { edges, edgeBlocks } = minuteCachesOf(db);
  const minutes = await edges.window(scope.fromMs, scope.toMs, (m) => fetchEdgeMinutes(db, m), nowMs, edgeCheck(db));
  return new RollupRows(edgeBlocks.fold(scope.fromMs, minutes, edges.closedUntil(nowMs)), scope.clusterId);
}

/** The window's whole-service and entry-operation rows, cluster-filtered. */
export async function nodeRollupRows(db: Queryable, scope: GraphScope, nowMs = Date.now()): Promise<RollupRows<NodeRollupRow>> {
  if (!servedFromCache(scope)) return new RollupRows([await sumNodeWindow(db, scope)], null);
  const { nodes, nodeBlocks } = minuteCachesOf(db);
  const minutes = await nodes.window(scope.fromMs, scope.toMs, (m) => fetchNodeMinutes(db, m), nowMs, nodeCheck(db));
  return new RollupRows(nodeBlocks.fold(scope.fromMs, minutes, nodes.closedUntil(nowMs)), scope.clusterId);
}
