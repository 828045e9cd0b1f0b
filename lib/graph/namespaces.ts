import "server-only";
// Where a node's namespace comes from: the spans' resource. The address map already holds
// k8s.namespace.name per service and workload (recorded at ingest), so it is read first; only
// services it does not know are probed in raw spans (service.namespace, else k8s.namespace.name),
// on the (cluster_id, service, start_time) index and bounded to each service's latest 20 spans
// in the window, so the cost stays per service and never per span.
import { z } from "zod";
import type { Queryable } from "@/lib/db/database";
import type { GraphScope } from "./graph-scope";

const row = z.object({ name: z.string(), namespace: z.string().nullable() });

export async function serviceNamespaces(db: Queryable, scope: GraphScope, services: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (services.length === 0) return out;
  const params = [new Date(scope.fromMs), new Date(scope.toMs), scope.clusterId];
  const mapped = await db.query(
    `SELECT DISTINCT ON (service) service AS name, namespace
       FROM address_map
      WHERE service IS NOT NULL AND namespace IS NOT NULL AND valid_to >= $1 AND valid_from < $2
        AND ($3::int IS NULL OR cluster_id = $3)
      ORDER BY service, valid_to DESC`,
    params,
  );
  for (const r of z.array(row).parse(mapped.rows)) if (r.namespace) out.set(r.name, r.namespace);
  const missing = services.filter((s) => !out.has(s));
  if (missing.length === 0) return out;
  const probed = await db.query(
    `SELECT s.name,
            (SELECT ns FROM (SELECT COALESCE(sp.service_namespace, sp.k8s_namespace) AS ns
                               FROM spans sp
                              WHERE sp.cluster_id IN (SELECT id FROM clusters WHERE $3::int IS NULL OR id = $3)
                                AND sp.service = s.name AND sp.start_time >= $1 AND sp.start_time < $2
                              ORDER BY sp.start_time DESC LIMIT 20) latest
              WHERE ns IS NOT NULL LIMIT 1) AS namespace
       FROM unnest($4::text[]) AS s(name)`,
    [...params, missing],
  );
  for (const r of z.array(row).parse(probed.rows)) if (r.namespace) out.set(r.name, r.namespace);
  return out;
}

export async function workloadNamespaces(db: Queryable, scope: GraphScope): Promise<Map<string, string>> {
  const r = await db.query(
    `SELECT DISTINCT ON (workload) workload AS name, namespace
       FROM address_map
      WHERE workload IS NOT NULL AND namespace IS NOT NULL AND valid_to >= $1 AND valid_from < $2
        AND ($3::int IS NULL OR cluster_id = $3)
      ORDER BY workload, valid_to DESC`,
    [new Date(scope.fromMs), new Date(scope.toMs), scope.clusterId],
  );
  return new Map(z.array(row).parse(r.rows).flatMap((x) => (x.namespace ? [[x.name, x.namespace] as const] : [])));
}

/** Every cluster name, for the picker. */
export async function clusterNames(db: Queryable): Promise<string[]> {
  const r = await db.query<{ name: string }>(`SELECT name FROM clusters ORDER BY name`);
  return r.rows.map((x) => x.name);
}
