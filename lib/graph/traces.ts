import "server-only";
// Trace search and trace fetch over the raw spans table. Search finds matching spans in the
// window (service/operation/duration/error filters use the (cluster, service, start_time) index),
// keeps the newest distinct traces, then summarises those traces by trace id (hash index).
import { z } from "zod";
import type { Trace, TraceSummary } from "@/lib/contracts/traces";
import { AppError } from "@/lib/api/errors";
import type { Queryable } from "@/lib/db/database";
import type { GraphScope } from "./service-graph";

const num = z.coerce.number();
const summaryRow = z.object({
  trace_id: z.string(), start_ms: num, end_ms: num, span_count: num, error_count: num,
  services: z.array(z.string()), root_service: z.string().nullable(), root_operation: z.string().nullable(),
});

export interface TraceFilter {
  service?: string;
  operation?: string;
  minDurationMs?: number;
  errorsOnly?: boolean;
  limit: number;
}

export async function searchTraces(db: Queryable, filter: TraceFilter, scope: GraphScope): Promise<TraceSummary[]> {
  const ids = await db.query<{ trace_id: string }>(
    `SELECT trace_id FROM spans
      WHERE start_time >= $1 AND start_time < $2 AND ($3::int IS NULL OR cluster_id = $3)
        AND ($4::text IS NULL OR service = $4) AND ($5::text IS NULL OR name = $5)
        AND ($6::float8 IS NULL OR duration_us >= $6 * 1000) AND (NOT $7::bool OR is_error)
      GROUP BY trace_id ORDER BY MAX(start_time) DESC LIMIT $8`,
    [new Date(scope.fromMs), new Date(scope.toMs), scope.clusterId, filter.service ?? null, filter.operation ?? null,
      filter.minDurationMs ?? null, filter.errorsOnly ?? false, filter.limit],
  );
  if (ids.rows.length === 0) return [];
  const rows = z.array(summaryRow).parse((await db.query(
    `SELECT trace_id,
            (extract(epoch FROM MIN(start_time)) * 1000)::float8 AS start_ms,
            MAX((extract(epoch FROM start_time) * 1000)::float8 + duration_us / 1000.0) AS end_ms,
            COUNT(*) AS span_count, COUNT(*) FILTER (WHERE is_error) AS error_count,
            ARRAY_AGG(DISTINCT service) AS services,
            (ARRAY_AGG(service ORDER BY start_time) FILTER (WHERE parent_span_id IS NULL))[1] AS root_service,
            (ARRAY_AGG(name ORDER BY start_time) FILTER (WHERE parent_span_id IS NULL))[1] AS root_operation
       FROM spans WHERE trace_id = ANY($1::text[]) AND ($2::int IS NULL OR cluster_id = $2)
      GROUP BY trace_id ORDER BY MIN(start_time) DESC`,
    [ids.rows.map((r) => r.trace_id), scope.clusterId],
  )).rows);
  return rows.map((r) => ({
    traceId: r.trace_id,
    rootService: r.root_service,
    rootOperation: r.root_operation,
    startMs: r.start_ms,
    durationMs: Math.round((r.end_ms - r.start_ms) * 1000) / 1000,
    spanCount: r.span_count,
    errorCount: r.error_count,
    services: r.services,
  }));
}

const spanRow = z.object({
  span_id: z.string(), parent_span_id: z.string().nullable(), service: z.string(), name: z.string(), kind: num,
  start_us: num, duration_us: num, status_code: num, status_message: z.string().nullable(), is_error: z.boolean(),
  attributes: z.record(z.string(), z.unknown()), events: z.array(z.any()), links: z.array(z.any()),
});

/** Spans ordered by start time; a trace is never bigger than MAX_SPANS in the response. */
const MAX_SPANS = 5000;

export async function fetchTrace(db: Queryable, traceId: string, clusterId: number | null): Promise<Trace> {
  const rows = z.array(spanRow).parse((await db.query(
    `SELECT span_id, parent_span_id, service, name, kind, (extract(epoch FROM start_time) * 1000000)::float8 AS start_us,
            duration_us, status_code, status_message, is_error, attributes, events, links
       FROM spans WHERE trace_id = $1 AND ($2::int IS NULL OR cluster_id = $2)
      ORDER BY start_time, span_id LIMIT ${MAX_SPANS}`,
    [traceId, clusterId],
  )).rows);
  if (rows.length === 0) throw new AppError("not_found", `no trace ${traceId}`);
  return {
    traceId,
    spans: rows.map((r) => ({
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
      events: r.events,
      links: r.links,
    })),
  };
}
