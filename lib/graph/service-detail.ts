import "server-only";
// One service's drilldown, from rollups (RED per minute, operations, neighbours), change events
// (versions) and a bounded look at raw error spans (exception type and message from events).
import { z } from "zod";
import { edgeId, nodeId } from "@/lib/contracts/graph";
import type { Neighbour, ServiceDetail } from "@/lib/contracts/service-detail";
import { AppError } from "@/lib/api/errors";
import type { Queryable } from "@/lib/db/database";
import { latencyOf, toHistogram } from "./latency";
import type { GraphScope } from "./service-graph";
import { histogramSumSql } from "./histogram-sql";
import { redOfMinutes } from "./red-minutes";

const num = z.coerce.number();
const hist = z.array(z.number()).nullable();
const minuteRow = z.object({ minute_ms: num, calls: num, errors: num, duration_hist: hist, duration_sum_us: num, duration_count: num });
const opRow = minuteRow.omit({ minute_ms: true }).extend({ operation: z.string(), span_kind: num, status_classes: z.record(z.string(), num).nullable() });
const edgeRow = z.object({ client: z.string(), server: z.string(), connection_type: z.string(), calls: num, errors: num });
const versionRow = z.object({ version: z.string(), kind: z.string(), instance: z.string().nullable(), at_ms: num });
const errorRow = z.object({
  trace_id: z.string(), span_id: z.string(), name: z.string(), at_ms: num, duration_us: num,
  status_message: z.string().nullable(), http_status_code: num.nullable(), error_type: z.string().nullable(),
  events: z.array(z.object({ name: z.string(), attributes: z.record(z.string(), z.unknown()).optional() })).nullable(),
});

const instanceRow = z.object({
  instance: z.string().nullable(), version: z.string().nullable(), host: z.string().nullable(), spans: num, errors: num, first_ms: num, last_ms: num,
});

const RECENT_ERRORS = 20;
const MAX_INSTANCES = 50;
const MAX_VERSIONS = 20;

export async function serviceDetail(db: Queryable, name: string, scope: GraphScope): Promise<ServiceDetail> {
  const params = [new Date(scope.fromMs), new Date(scope.toMs), scope.clusterId, name];
  const inWindow = `minute >= $1 AND minute < $2 AND ($3::int IS NULL OR cluster_id = $3)`;
  const [seriesRows, ops, edges, versions, errors, instances] = await Promise.all([
    db.query(
      `SELECT (extract(epoch FROM minute) * 1000)::float8 AS minute_ms, SUM(calls) AS calls, SUM(errors) AS errors,
              ${histogramSumSql("duration_hist")} AS duration_hist, SUM(duration_sum_us) AS duration_sum_us, SUM(duration_count) AS duration_count
         FROM node_minutes WHERE ${inWindow} AND service = $4 AND operation = ''
        GROUP BY minute ORDER BY minute`, params),
    db.query(
      `SELECT operation, span_kind, SUM(calls) AS calls, SUM(errors) AS errors, ${histogramSumSql("duration_hist")} AS duration_hist,
              SUM(duration_sum_us) AS duration_sum_us, SUM(duration_count) AS duration_count,
              (SELECT jsonb_object_agg(k, total) FROM (SELECT e.key AS k, SUM(e.value::bigint) AS total
                 FROM node_minutes m2, jsonb_each_text(m2.status_classes) e
                WHERE m2.minute >= $1 AND m2.minute < $2 AND ($3::int IS NULL OR m2.cluster_id = $3)
                  AND m2.service = $4 AND m2.operation = o.operation AND m2.span_kind = o.span_kind GROUP BY e.key) s) AS status_classes
         FROM node_minutes o WHERE ${inWindow} AND service = $4 AND operation <> ''
        GROUP BY operation, span_kind ORDER BY SUM(calls) DESC, operation LIMIT 200`, params),
    db.query(
      `SELECT client, server, connection_type, SUM(calls) AS calls, SUM(errors) AS errors
         FROM edge_minutes WHERE ${inWindow} AND (client = $4 OR server = $4)
        GROUP BY client, server, connection_type ORDER BY client, server, connection_type`, params),
    db.query(
      `SELECT version, kind, instance, (extract(epoch FROM at) * 1000)::float8 AS at_ms FROM change_events
        WHERE service = $3 AND ($2::int IS NULL OR cluster_id = $2) AND at < $1
        ORDER BY at DESC LIMIT ${MAX_VERSIONS}`, [params[1], params[2], params[3]]),
    db.query(
      `SELECT trace_id, span_id, name, (extract(epoch FROM start_time) * 1000)::float8 AS at_ms, duration_us,
              status_message, http_status_code, error_type, events
         FROM spans WHERE start_time >= $1 AND start_time < $2 AND ($3::int IS NULL OR cluster_id = $3)
          AND service = $4 AND is_error
        ORDER BY start_time DESC LIMIT ${RECENT_ERRORS}`, params),
    db.query(
      `SELECT service_instance_id AS instance, service_version AS version, COALESCE(k8s_pod_name, host_name) AS host,
              COUNT(*) AS spans, COUNT(*) FILTER (WHERE is_error) AS errors,
              (extract(epoch FROM MIN(start_time)) * 1000)::float8 AS first_ms, (extract(epoch FROM MAX(start_time)) * 1000)::float8 AS last_ms
         FROM spans WHERE start_time >= $1 AND start_time < $2 AND ($3::int IS NULL OR cluster_id = $3) AND service = $4
        GROUP BY 1, 2, 3 ORDER BY MAX(start_time) DESC LIMIT ${MAX_INSTANCES}`, params),
  ]);
  const minutes = z.array(minuteRow).parse(seriesRows.rows);
  const edgeRows = z.array(edgeRow).parse(edges.rows);
  if (minutes.length === 0 && edgeRows.length === 0) {
    const known = await db.query(`SELECT 1 FROM node_minutes WHERE service = $1 UNION ALL SELECT 1 FROM edge_minutes WHERE server = $1 LIMIT 1`, [name]);
    if (known.rows.length === 0) throw new AppError("not_found", `no service named "${name}"`);
  }
  const seconds = (scope.toMs - scope.fromMs) / 1000;
  const { calls, errors: errorCount, latency, series } = redOfMinutes(minutes);
  const self = nodeId("service", name);
  const neighbour = (e: z.infer<typeof edgeRow>, other: string, otherId: string): Neighbour => ({
    service: other,
    edgeId: edgeId(e.client === name ? self : otherId, e.client === name ? otherId : self, e.connection_type),
    kind: e.connection_type,
    calls: e.calls,
    errors: e.errors,
    ratePerSec: e.calls / seconds,
    errorRate: e.calls > 0 ? e.errors / e.calls : 0,
  });
  // Virtual callees (databases, externals) get their graph id from the connection type, the same
  // rule as serviceGraph; a callee that reports its own spans is a service.
  const reporting = new Set((await db.query<{ service: string }>(
    `SELECT DISTINCT service FROM node_minutes WHERE ${inWindow} AND operation = '' AND service = ANY($4::text[])`,
    [params[0], params[1], params[2], edgeRows.map((e) => e.server)],
  )).rows.map((r) => r.service));
  const calleeId = (e: z.infer<typeof edgeRow>) =>
    reporting.has(e.server) || e.server === "user" ? nodeId(e.server === "user" ? "user" : "service", e.server)
      : nodeId(e.connection_type === "database" ? "database" : "external", e.server);
  const callerId = (e: z.infer<typeof edgeRow>) => nodeId(e.client === "user" ? "user" : "service", e.client);

  return {
    name,
    nodeId: self,
    fromMs: scope.fromMs,
    toMs: scope.toMs,
    calls,
    errors: errorCount,
    ratePerSec: calls / seconds,
    errorRate: calls > 0 ? errorCount / calls : 0,
    latency,
    series,
    operations: z.array(opRow).parse(ops.rows).map((o) => ({
      name: o.operation,
      spanKind: o.span_kind,
      calls: o.calls,
      errors: o.errors,
      ratePerSec: o.calls / seconds,
      errorRate: o.calls > 0 ? o.errors / o.calls : 0,
      latency: latencyOf(toHistogram(o.duration_hist, o.duration_sum_us, o.duration_count)),
      statusClasses: o.status_classes ?? {},
    })),
    callers: edgeRows.filter((e) => e.server === name).map((e) => neighbour(e, e.client, callerId(e))),
    callees: edgeRows.filter((e) => e.client === name).map((e) => neighbour(e, e.server, calleeId(e))),
    versions: z.array(versionRow).parse(versions.rows).map((v) => ({ version: v.version, kind: v.kind, instance: v.instance, atMs: v.at_ms })),
    instances: z.array(instanceRow).parse(instances.rows).map((i) => ({
      instance: i.instance, version: i.version, host: i.host, spans: i.spans, errors: i.errors, firstMs: i.first_ms, lastMs: i.last_ms,
    })),
    recentErrors: z.array(errorRow).parse(errors.rows).map((r) => {
      const exception = r.events?.find((e) => e.name === "exception")?.attributes ?? {};
      const str = (v: unknown) => (typeof v === "string" ? v : null);
      return {
        traceId: r.trace_id,
        spanId: r.span_id,
        operation: r.name,
        atMs: r.at_ms,
        durationMs: r.duration_us / 1000,
        statusMessage: r.status_message,
        httpStatusCode: r.http_status_code,
        exceptionType: str(exception["exception.type"]) ?? r.error_type,
        exceptionMessage: str(exception["exception.message"]),
      };
    }),
  };
}
