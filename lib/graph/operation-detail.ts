import "server-only";
// One operation of a service (the service panel's drill from its operations table): RED per
// minute and over the window, from node_minutes, the same rollups the table's row came from.
import { z } from "zod";
import type { OperationDetail } from "@/lib/contracts/operation-detail";
import { AppError } from "@/lib/api/errors";
import type { Queryable } from "@/lib/db/database";
import { histogramSumSql } from "./histogram-sql";
import type { GraphScope } from "./graph-scope";
import { redOfMinutes } from "./red-minutes";

const num = z.coerce.number();
const minuteRow = z.object({
  minute_ms: num, calls: num, errors: num, duration_hist: z.array(z.number()).nullable(), duration_sum_us: num, duration_count: num,
  status_classes: z.record(z.string(), num).nullable(),
});

export async function operationDetail(db: Queryable, service: string, operation: string, spanKind: number, scope: GraphScope): Promise<OperationDetail> {
  const r = await db.query(
    `SELECT (extract(epoch FROM minute) * 1000)::float8 AS minute_ms, SUM(calls) AS calls, SUM(errors) AS errors,
            ${histogramSumSql("duration_hist")} AS duration_hist, SUM(duration_sum_us) AS duration_sum_us, SUM(duration_count) AS duration_count,
            (SELECT jsonb_object_agg(k, total) FROM (SELECT e.key AS k, SUM(e.value::bigint) AS total
               FROM node_minutes m2, jsonb_each_text(m2.status_classes) e
              WHERE m2.minute = o.minute AND ($3::int IS NULL OR m2.cluster_id = $3)
                AND m2.service = $4 AND m2.operation = $5 AND m2.span_kind = $6 GROUP BY e.key) s) AS status_classes
       FROM node_minutes o
      WHERE minute >= $1 AND minute < $2 AND ($3::int IS NULL OR cluster_id = $3) AND service = $4 AND operation = $5 AND span_kind = $6
      GROUP BY minute ORDER BY minute`,
    [new Date(scope.fromMs), new Date(scope.toMs), scope.clusterId, service, operation, spanKind],
  );
  const minutes = z.array(minuteRow).parse(r.rows);
  if (minutes.length === 0) {
    const known = await db.query(`SELECT 1 FROM node_minutes WHERE service = $1 AND operation = $2 AND span_kind = $3 LIMIT 1`, [service, operation, spanKind]);
    if (known.rows.length === 0) throw new AppError("not_found", `no operation "${operation}" in service "${service}"`);
  }
  const { calls, errors, latency, series } = redOfMinutes(minutes);
  const statusClasses: Record<string, number> = {};
  for (const m of minutes) for (const [k, v] of Object.entries(m.status_classes ?? {})) statusClasses[k] = (statusClasses[k] ?? 0) + v;
  const seconds = (scope.toMs - scope.fromMs) / 1000;
  return {
    service, name: operation, spanKind, fromMs: scope.fromMs, toMs: scope.toMs,
    calls, errors, ratePerSec: calls / seconds, errorRate: calls > 0 ? errors / calls : 0,
    latency, statusClasses, series,
  };
}
