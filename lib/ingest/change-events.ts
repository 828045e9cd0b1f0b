import "server-only";
// Change events: the first time a service reports a service.version, recorded once (the unique
// key makes concurrent batches safe and repeats free). "First" is by span time, not arrival: an
// agent replaying its backlog after an outage, or a simulator backfilling out of order, delivers
// older spans later, so a conflict keeps the earlier time (otherwise the deploy marker lands late). These become deploy markers and
// root-cause evidence. One INSERT per batch with one row per distinct (service, version), run as
// part of the batch's combined rollup statement (rollup-upsert.ts).
import type { NormalizedSpan } from "@/lib/contracts/span";
import type { ExtraUpsert } from "./rollup-upsert";

export function versionChangeUpsert(spans: readonly NormalizedSpan[]): ExtraUpsert | null {
  const firsts = new Map<string, { service: string; version: string; instance: string | null; atUs: number }>();
  for (const s of spans) {
    if (!s.serviceVersion) continue;
    const key = s.service + "\u0001" + s.serviceVersion;
    const prev = firsts.get(key);
    if (!prev || s.startUs < prev.atUs) {
      firsts.set(key, { service: s.service, version: s.serviceVersion, instance: s.serviceInstanceId, atUs: s.startUs });
    }
  }
  if (!firsts.size) return null;
  const rows = [...firsts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
  return {
    payload: JSON.stringify(rows),
    sql: (n, where = "") => `INSERT INTO change_events (cluster_id, service, kind, version, instance, at)
     SELECT $1, r.service, 'version', r.version, r.instance, to_timestamp(r."atUs" / 1000000.0)
       FROM jsonb_to_recordset($${n}::jsonb) AS r(service TEXT, version TEXT, instance TEXT, "atUs" BIGINT)${where}
     ON CONFLICT (cluster_id, service, kind, version)
       DO UPDATE SET at = EXCLUDED.at, instance = EXCLUDED.instance WHERE EXCLUDED.at < change_events.at`,
  };
}
