import "server-only";
// Trace search and trace fetch over the raw spans table.
//
// Search runs in two steps. Step one finds the traces with a span matching the filters in the
// window, ordered and paged by that span's start or duration; only the conditions the caller gave
// are written into the SQL, so the planner sees plain predicates it can serve from an index:
// a service uses spans_service_start_time_idx (cluster_id, service, start_time) with the cluster
// ids as an = ANY array on its leading column, errors-only the partial spans_errors_start_time_idx,
// anything else the BRIN on start_time. Step two summarises just that page of traces through the
// hash index on trace_id.
import { z } from "zod";
import type { Trace, TraceSearchQuery, TraceSort, TraceSummary } from "@/lib/contracts/traces";
import { AppError } from "@/lib/api/errors";
import type { Queryable } from "@/lib/db/database";
import type { GraphScope } from "./service-graph";
import { SPAN_ATTRIBUTES_SQL, SPAN_RESOURCE_SQL } from "./span-columns-sql";

const num = z.coerce.number();
const summaryRow = z.object({
  trace_id: z.string(), start_ms: num, end_ms: num, span_count: num, error_count: num,
  services: z.array(z.string()), root_service: z.string().nullable(), root_operation: z.string().nullable(),
});

export type TraceFilter = Pick<TraceSearchQuery, "service" | "operation" | "minDurationMs" | "maxDurationMs" | "errorsOnly"> & {
  sort?: TraceSort;
  limit: number;
  offset?: number;
};

const ORDER: Record<TraceSort, string> = {
  newest: "MAX(start_time) DESC, trace_id",
  oldest: "MIN(start_time) ASC, trace_id",
  longest: "MAX(duration_us) DESC, trace_id",
  shortest: "MIN(duration_us) ASC, trace_id",
};

/** Step one: a page of matching trace ids (one more than asked, to tell whether more follow). */
async function matchingTraceIds(db: Queryable, f: TraceFilter, scope: GraphScope): Promise<string[]> {
  const params: unknown[] = [new Date(scope.fromMs), new Date(scope.toMs)];
  const where = ["start_time >= $1", "start_time < $2"];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (scope.clusterId !== null) add((p) => `cluster_id = ${p}`, scope.clusterId);
  else if (f.service || f.errorsOnly) {
    // Both indexes lead with cluster_id: naming every cluster turns a scan into index probes.
    const ids = await db.query<{ id: number }>(`SELECT id FROM clusters ORDER BY id`);
    add((p) => `cluster_id = ANY(${p}::int[])`, ids.rows.map((r) => r.id));
  }
  if (f.service) add((p) => `service = ${p}`, f.service);
  if (f.operation) add((p) => `name = ${p}`, f.operation);
  if (f.minDurationMs !== undefined) add((p) => `duration_us >= ${p}`, Math.ceil(f.minDurationMs * 1000));
  if (f.maxDurationMs !== undefined) add((p) => `duration_us <= ${p}`, Math.floor(f.maxDurationMs * 1000));
  if (f.errorsOnly) where.push("is_error");
  params.push(f.limit + 1, f.offset ?? 0);
  const r = await db.query<{ trace_id: string }>(
    `SELECT trace_id FROM spans WHERE ${where.join(" AND ")}
      GROUP BY trace_id ORDER BY ${ORDER[f.sort ?? "newest"]} LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return r.rows.map((row) => row.trace_id);
}

export async function searchTraces(db: Queryable, filter: TraceFilter, scope: GraphScope): Promise<{ traces: TraceSummary[]; hasMore: boolean }> {
  const found = await matchingTraceIds(db, filter, scope);
  const hasMore = found.length > filter.limit;
  const ids = found.slice(0, filter.limit);
  if (ids.length === 0) return { traces: [], hasMore: false };
  const rows = z.array(summaryRow).parse((await db.query(
    `SELECT trace_id,
            (extract(epoch FROM MIN(start_time)) * 1000)::float8 AS start_ms,
            MAX((extract(epoch FROM start_time) * 1000)::float8 + duration_us / 1000.0) AS end_ms,
            COUNT(*) AS span_count, COUNT(*) FILTER (WHERE is_error) AS error_count,
            ARRAY_AGG(DISTINCT service) AS services,
            (ARRAY_AGG(service ORDER BY start_time) FILTER (WHERE parent_span_id IS NULL))[1] AS root_service,
            (ARRAY_AGG(name ORDER BY start_time) FILTER (WHERE parent_span_id IS NULL))[1] AS root_operation
       FROM spans WHERE trace_id = ANY($1::text[]) AND ($2::int IS NULL OR cluster_id = $2)
      GROUP BY trace_id`,
    [ids, scope.clusterId],
  )).rows);
  const byId = new Map(rows.map((r) => [r.trace_id, r]));
  // Step one's order is the page's order: keep it rather than re-sorting the summaries.
  const traces = ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{
      traceId: r.trace_id,
      rootService: r.root_service,
      rootOperation: r.root_operation,
      startMs: r.start_ms,
      durationMs: Math.round((r.end_ms - r.start_ms) * 1000) / 1000,
      spanCount: r.span_count,
      errorCount: r.error_count,
      services: r.services,
    }] : [];
  });
  return { traces, hasMore };
}

const spanRow = z.object({
  span_id: z.string(), parent_span_id: z.string().nullable(), service: z.string(), name: z.string(), kind: num,
  start_us: num, duration_us: num, status_code: num, status_message: z.string().nullable(), is_error: z.boolean(),
  attributes: z.record(z.string(), z.unknown()), resource: z.record(z.string(), z.unknown()),
  events: z.array(z.any()), links: z.array(z.any()),
});

/** A trace is never bigger than MAX_SPANS in the response (the waterfall stays usable). */
export const MAX_TRACE_SPANS = 10_000;

export async function fetchTrace(db: Queryable, traceId: string, clusterId: number | null): Promise<Trace> {
  const rows = z.array(spanRow).parse((await db.query(
    `SELECT span_id, parent_span_id, service, name, kind, (extract(epoch FROM start_time) * 1000000)::float8 AS start_us,
            duration_us, status_code, status_message, is_error,
            ${SPAN_ATTRIBUTES_SQL} AS attributes, ${SPAN_RESOURCE_SQL} AS resource, events, links
       FROM spans WHERE trace_id = $1 AND ($2::int IS NULL OR cluster_id = $2)
      ORDER BY start_time, span_id LIMIT ${MAX_TRACE_SPANS + 1}`,
    [traceId, clusterId],
  )).rows);
  if (rows.length === 0) throw new AppError("not_found", `no trace ${traceId}`);
  const spans = rows.slice(0, MAX_TRACE_SPANS);
  const linked = [...new Set(spans.flatMap((r) => r.links.map((l: { traceId?: unknown }) => l.traceId)))]
    .filter((id): id is string => typeof id === "string" && id !== traceId);
  return {
    traceId,
    truncated: rows.length > MAX_TRACE_SPANS,
    linkedTraceIds: await existingTraceIds(db, linked, clusterId),
    spans: spans.map((r) => ({
      spanId: r.span_id,
      parentSpanId: r.parent_span_id,
      service: r.service,
      name: r.name,
      kind: r.kind,
      startUs: r.start_us,
      durationUs: r.duration_us,
      statusCode: r.status_code,
      statusMessage: r.status_message,
      isError: r.is_error,
      attributes: r.attributes,
      resource: r.resource,
      events: r.events,
      links: r.links,
    })),
  };
}

/** Which of these trace ids have at least one stored span (for links to other traces). */
export async function existingTraceIds(db: Queryable, traceIds: readonly string[], clusterId: number | null): Promise<string[]> {
  if (traceIds.length === 0) return [];
  const r = await db.query<{ trace_id: string }>(
    `SELECT DISTINCT trace_id FROM spans WHERE trace_id = ANY($1::text[]) AND ($2::int IS NULL OR cluster_id = $2)`,
    [traceIds, clusterId],
  );
  return r.rows.map((row) => row.trace_id);
}

/** Services with traffic in the window, by name; from the whole-service rollup rows, never from raw spans. */
export async function traceServices(db: Queryable, scope: GraphScope): Promise<string[]> {
  const r = await db.query<{ service: string }>(
    `SELECT DISTINCT service FROM node_minutes
      WHERE minute >= $1 AND minute < $2 AND ($3::int IS NULL OR cluster_id = $3) AND operation = ''
      ORDER BY service LIMIT 5000`,
    [new Date(scope.fromMs), new Date(scope.toMs), scope.clusterId],
  );
  return r.rows.map((row) => row.service);
}
