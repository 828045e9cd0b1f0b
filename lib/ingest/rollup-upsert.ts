import "server-only";
// Adds per-minute aggregates into the rollup tables. Each kind is one INSERT … ON CONFLICT fed a
// JSON array (jsonb_to_recordset), whatever the batch's size. Counts add, histograms add bucket
// by bucket (strata_hist_add): the current minute is updated as data arrives, not when it closes.
// `claimAndUpsert` runs the batch-id claim and every kind as ONE statement (data-modifying CTEs):
// a request's transaction is then BEGIN, COPY, this, COMMIT — four round trips instead of eight,
// each of which waited for the event loop of a busy server (bench/README.md).
// Rows must be unique by key within one call (PostgreSQL refuses to update a row twice in
// one statement); they are sorted by key so concurrent batches lock rows in the same order and
// cannot deadlock.
import { rollupMinutesWritten } from "@/lib/graph/minute-invalidation";
import type { Histogram } from "@/lib/contracts/histogram";
import type { EdgeMinute, NetworkEdgeMinute, NodeMinute, PairingQualityMinute } from "@/lib/contracts/rollup";
import type { Queryable } from "@/lib/db/database";
import { mergeByKey } from "@/lib/rollup/merge-rollups";

const histOrNull = (h: Histogram | null) => (h && h.count > 0 ? h.counts : null);
/**
 * The rows ordered by `key`, each key built once: a comparator that built both keys on every
 * comparison made about 2 × n·log n strings a call (≈ 4k for a request's 150 node rows).
 */
function sortedByKey<T>(rows: readonly T[], key: (r: T) => string): T[] {
  const keyed = rows.map((row) => ({ key: key(row), row }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.row);
}

/**
 * Adds an incoming histogram to the stored one. An empty incoming histogram is sent as NULL and
 * leaves the column as it is without a call: strata_hist_add would return the stored array
 * unchanged, and every edge without queue time (all but messaging) made that call.
 */
const histAdd = (column: string) =>
  `CASE WHEN EXCLUDED.${column} IS NULL THEN t.${column} ELSE strata_hist_add(t.${column}, EXCLUDED.${column}) END`;

/**
 * An INSERT … ON CONFLICT reading its rows from the jsonb parameter `$n` ($1 is the cluster);
 * `where` is a condition on the SELECT that feeds it (" WHERE …").
 */
export type Upsert = (n: number, where?: string) => string;

function edgePayload(rows: readonly EdgeMinute[]): string {
  return JSON.stringify(
    sortedByKey(rows, (r) => `${r.minuteMs}\u0001${r.client}\u0001${r.server}\u0001${r.connectionType}`).map((r) => ({
      minute_ms: r.minuteMs, client: r.client, server: r.server, connection_type: r.connectionType,
      calls: r.calls, errors: r.errors,
      client_hist: histOrNull(r.clientLatency), client_sum_us: r.clientLatency.sumUs, client_count: r.clientLatency.count,
      server_hist: histOrNull(r.serverLatency), server_sum_us: r.serverLatency.sumUs, server_count: r.serverLatency.count,
      queue_hist: histOrNull(r.queueLatency), queue_sum_us: r.queueLatency?.sumUs ?? 0, queue_count: r.queueLatency?.count ?? 0,
      exemplars: r.exemplars,
    })),
  );
}

const edgeUpsert: Upsert = (n, where = "") => `INSERT INTO edge_minutes AS t (cluster_id, minute, client, server, connection_type, calls, errors,
        client_hist, client_sum_us, client_count, server_hist, server_sum_us, server_count,
        queue_hist, queue_sum_us, queue_count, exemplars)
     SELECT $1, to_timestamp(r.minute_ms / 1000.0), r.client, r.server, r.connection_type, r.calls, r.errors,
        r.client_hist, r.client_sum_us, r.client_count, r.server_hist, r.server_sum_us, r.server_count,
        r.queue_hist, r.queue_sum_us, r.queue_count, r.exemplars
     FROM jsonb_to_recordset($${n}::jsonb) AS r(minute_ms BIGINT, client TEXT, server TEXT, connection_type TEXT,
        calls BIGINT, errors BIGINT, client_hist INTEGER[], client_sum_us FLOAT8, client_count BIGINT,
        server_hist INTEGER[], server_sum_us FLOAT8, server_count BIGINT,
        queue_hist INTEGER[], queue_sum_us FLOAT8, queue_count BIGINT, exemplars TEXT[])${where}
     ON CONFLICT (cluster_id, minute, client, server, connection_type) DO UPDATE SET
        calls = t.calls + EXCLUDED.calls,
        errors = t.errors + EXCLUDED.errors,
        client_hist = ${histAdd("client_hist")},
        client_sum_us = t.client_sum_us + EXCLUDED.client_sum_us,
        client_count = t.client_count + EXCLUDED.client_count,
        server_hist = ${histAdd("server_hist")},
        server_sum_us = t.server_sum_us + EXCLUDED.server_sum_us,
        server_count = t.server_count + EXCLUDED.server_count,
        queue_hist = ${histAdd("queue_hist")},
        queue_sum_us = t.queue_sum_us + EXCLUDED.queue_sum_us,
        queue_count = t.queue_count + EXCLUDED.queue_count,
        exemplars = CASE WHEN cardinality(t.exemplars) >= 5 THEN t.exemplars
                         ELSE (COALESCE(t.exemplars, '{}') || COALESCE(EXCLUDED.exemplars, '{}'))[1:5] END`;

function nodePayload(rows: readonly NodeMinute[]): string {
  return JSON.stringify(
    sortedByKey(rows, (r) => `${r.minuteMs}\u0001${r.service}\u0001${r.operation ?? ""}\u0001${r.spanKind}`).map((r) => ({
      minute_ms: r.minuteMs, service: r.service, operation: r.operation ?? "", span_kind: r.spanKind,
      calls: r.calls, errors: r.errors, duration_hist: histOrNull(r.duration),
      duration_sum_us: r.duration.sumUs, duration_count: r.duration.count, status_classes: r.statusClasses,
    })),
  );
}

// status_classes adds the counts of the incoming keys to the stored object; keys only the
// stored row has are kept by `||`. (Merging both sides through UNION ALL and GROUP BY did the
// same at several times the cost, on every row of every request.)
const nodeUpsert: Upsert = (n, where = "") => `INSERT INTO node_minutes AS t (cluster_id, minute, service, operation, span_kind, calls, errors,
        duration_hist, duration_sum_us, duration_count, status_classes)
     SELECT $1, to_timestamp(r.minute_ms / 1000.0), r.service, r.operation, r.span_kind, r.calls, r.errors,
        r.duration_hist, r.duration_sum_us, r.duration_count, r.status_classes
     FROM jsonb_to_recordset($${n}::jsonb) AS r(minute_ms BIGINT, service TEXT, operation TEXT, span_kind SMALLINT,
        calls BIGINT, errors BIGINT, duration_hist INTEGER[], duration_sum_us FLOAT8, duration_count BIGINT,
        status_classes JSONB)${where}
     ON CONFLICT (cluster_id, minute, service, operation, span_kind) DO UPDATE SET
        calls = t.calls + EXCLUDED.calls,
        errors = t.errors + EXCLUDED.errors,
        duration_hist = ${histAdd("duration_hist")},
        duration_sum_us = t.duration_sum_us + EXCLUDED.duration_sum_us,
        duration_count = t.duration_count + EXCLUDED.duration_count,
        status_classes = t.status_classes || COALESCE((
          SELECT jsonb_object_agg(e.key, e.value::bigint + COALESCE((t.status_classes ->> e.key)::bigint, 0))
          FROM jsonb_each_text(EXCLUDED.status_classes) AS e), '{}'::jsonb)`;

function networkPayload(rows: readonly NetworkEdgeMinute[]): string {
  return JSON.stringify(
    sortedByKey(rows, (r) => `${r.minuteMs}\u0001${r.srcWorkload}\u0001${r.dstWorkload}\u0001${r.dstPort}\u0001${r.protocol}`),
  );
}

const networkUpsert: Upsert = (n, where = "") => `INSERT INTO network_edge_minutes AS t (cluster_id, minute, src_workload, dst_workload, dst_port, protocol,
        flows, bytes, packets, rejects, drops, retransmits, l7_errors)
     SELECT $1, to_timestamp(r."minuteMs" / 1000.0), r."srcWorkload", r."dstWorkload", r."dstPort", r.protocol,
        r.flows, r.bytes, r.packets, r.rejects, r.drops, r.retransmits, r."l7Errors"
     FROM jsonb_to_recordset($${n}::jsonb) AS r("minuteMs" BIGINT, "srcWorkload" TEXT, "dstWorkload" TEXT, "dstPort" INTEGER,
        protocol SMALLINT, flows BIGINT, bytes BIGINT, packets BIGINT, rejects BIGINT, drops BIGINT,
        retransmits BIGINT, "l7Errors" BIGINT)${where}
     ON CONFLICT (cluster_id, minute, src_workload, dst_workload, dst_port, protocol) DO UPDATE SET
        flows = t.flows + EXCLUDED.flows, bytes = t.bytes + EXCLUDED.bytes, packets = t.packets + EXCLUDED.packets,
        rejects = t.rejects + EXCLUDED.rejects, drops = t.drops + EXCLUDED.drops,
        retransmits = t.retransmits + EXCLUDED.retransmits, l7_errors = t.l7_errors + EXCLUDED.l7_errors`;

export interface DataQualityRow {
  minuteMs: number;
  /** "*" for figures that belong to no one service (rejected input, sampling totals) */
  service: string;
  spansPaired?: number;
  spansVirtual?: number;
  spansExpired?: number;
  spansDropped?: number;
  spansRejected?: number;
  spansSampledOut?: number;
  flowLinesRejected?: number;
}

/** Pairing outcomes (from the agent or the server's own pairing) as data-quality rows. */
export function pairingQualityRows(quality: readonly PairingQualityMinute[]): DataQualityRow[] {
  return quality.map((q) => ({
    minuteMs: q.minuteMs,
    service: q.service,
    spansPaired: q.paired,
    spansVirtual: q.virtual,
    spansExpired: q.expired,
    spansDropped: q.dropped,
  }));
}

/** One row per minute and service, the figures of rows that share them added up. */
export function mergeDataQualityRows(rows: readonly DataQualityRow[]): DataQualityRow[] {
  return mergeByKey(
    rows,
    (r) => `${r.minuteMs}\u0001${r.service}`,
    (r) => ({ ...r }),
    (m, r) => {
      for (const c of DQ_COLUMNS) m[c] = (m[c] ?? 0) + (r[c] ?? 0);
    },
  );
}

function dataQualityPayload(rows: readonly DataQualityRow[]): string {
  return JSON.stringify(sortedByKey(rows, (r) => `${r.minuteMs}\u0001${r.service}`));
}

const DQ_COLUMNS = ["spansPaired", "spansVirtual", "spansExpired", "spansDropped", "spansRejected", "spansSampledOut", "flowLinesRejected"] as const satisfies readonly (keyof DataQualityRow)[];
const snake = (c: string) => c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
const dataQualityUpsert: Upsert = (n, where = "") => `INSERT INTO data_quality_minutes AS t (cluster_id, minute, service, ${DQ_COLUMNS.map(snake).join(", ")})
     SELECT $1, to_timestamp(r."minuteMs" / 1000.0), r.service, ${DQ_COLUMNS.map((c) => `COALESCE(r."${c}", 0)`).join(", ")}
     FROM jsonb_to_recordset($${n}::jsonb) AS r("minuteMs" BIGINT, service TEXT, ${DQ_COLUMNS.map((c) => `"${c}" BIGINT`).join(", ")})${where}
     ON CONFLICT (cluster_id, minute, service) DO UPDATE SET
       ${DQ_COLUMNS.map((c) => `${snake(c)} = t.${snake(c)} + EXCLUDED.${snake(c)}`).join(",\n       ")}`;

export async function upsertEdgeMinutes(db: Queryable, clusterId: number, rows: readonly EdgeMinute[]): Promise<void> {
  if (rows.length) await db.query(edgeUpsert(2), [clusterId, edgePayload(rows)]);
  rollupMinutesWritten(rows.map((r) => r.minuteMs));
}

export async function upsertNodeMinutes(db: Queryable, clusterId: number, rows: readonly NodeMinute[]): Promise<void> {
  if (rows.length) await db.query(nodeUpsert(2), [clusterId, nodePayload(rows)]);
  rollupMinutesWritten(rows.map((r) => r.minuteMs));
}

export async function upsertNetworkEdgeMinutes(db: Queryable, clusterId: number, rows: readonly NetworkEdgeMinute[]): Promise<void> {
  if (rows.length) await db.query(networkUpsert(2), [clusterId, networkPayload(rows)]);
}

export async function upsertDataQuality(db: Queryable, clusterId: number, rows: readonly DataQualityRow[]): Promise<void> {
  if (rows.length) await db.query(dataQualityUpsert(2), [clusterId, dataQualityPayload(rows)]);
}

/** One more INSERT of the combined statement, fed the jsonb parameter `$n` (change events). */
export interface ExtraUpsert {
  sql: Upsert;
  payload: string;
}

export interface RollupUnit {
  clusterId: number;
  batchId: string;
  spans: number;
  flows: number;
  edgeMinutes: readonly EdgeMinute[];
  nodeMinutes: readonly NodeMinute[];
  networkEdgeMinutes: readonly NetworkEdgeMinute[];
  dataQuality: readonly DataQualityRow[];
  extra: readonly ExtraUpsert[];
}

/** The combined statement's text and parameters, built before the transaction opens (CPU work). */
export function claimAndUpsertStatement(unit: RollupUnit): { sql: string; params: unknown[] } {
  const params: unknown[] = [unit.clusterId, unit.batchId, unit.spans, unit.flows];
  const parts: string[] = [];
  const add = (name: string, sql: Upsert, payload: string) => {
    params.push(payload);
    // Referencing `claim` makes it run first; a batch id already taken writes nothing.
    parts.push(`${name} AS (${sql(params.length, " WHERE EXISTS (SELECT 1 FROM claim)")} RETURNING 1)`);
  };
  if (unit.edgeMinutes.length) add("edges", edgeUpsert, edgePayload(unit.edgeMinutes));
  if (unit.nodeMinutes.length) add("nodes", nodeUpsert, nodePayload(unit.nodeMinutes));
  if (unit.networkEdgeMinutes.length) add("network", networkUpsert, networkPayload(unit.networkEdgeMinutes));
  if (unit.dataQuality.length) add("quality", dataQualityUpsert, dataQualityPayload(unit.dataQuality));
  unit.extra.forEach((x, i) => add(`extra${i}`, x.sql, x.payload));
  const sql = `WITH claim AS (
       INSERT INTO ingested_batches (cluster_id, batch_id, spans, flows) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING 1
     )${parts.map((p) => `, ${p}`).join("")}
     SELECT EXISTS (SELECT 1 FROM claim) AS claimed`;
  return { sql, params };
}

/** Claims the batch id and adds every rollup in one round trip; false when the id was taken. */
export async function claimAndUpsert(db: Queryable, statement: { sql: string; params: unknown[] }): Promise<boolean> {
  const r = await db.query<{ claimed: boolean }>(statement.sql, statement.params);
  return r.rows[0]?.claimed === true;
}
