import "server-only";
// Change events: the first time a service reports a service.version, recorded once (the unique
// key makes concurrent batches safe and repeats free). "First" is by span time, not arrival: an
// agent replaying its backlog after an outage, or a simulator backfilling out of order, delivers
// older spans later, so a conflict keeps the earlier time (otherwise the deploy marker lands late). These become deploy markers and
// root-cause evidence. One INSERT per batch with one row per distinct (service, version), run as
// part of the batch's combined rollup statement (rollup-upsert.ts).
import type { NormalizedSpan } from "@/lib/contracts/span";
import type { ExtraUpsert } from "./rollup-upsert";

interface FirstSeen {
  service: string;
  version: string;
  instance: string | null;
  atUs: number;
}

export function versionChangeUpsert(spans: readonly NormalizedSpan[]): ExtraUpsert | null {
  // service → version → first sighting. Nested maps rather than one map keyed by
  // service + version: that concatenation made a string per span (4,096 a request) to hash.
  const byService = new Map<string, Map<string, FirstSeen>>();
  for (const s of spans) {
    if (!s.serviceVersion) continue;
    let versions = byService.get(s.service);
    if (!versions) byService.set(s.service, (versions = new Map()));
    const prev = versions.get(s.serviceVersion);
    if (!prev || s.startUs < prev.atUs) {
      versions.set(s.serviceVersion, { service: s.service, version: s.serviceVersion, instance: s.serviceInstanceId, atUs: s.startUs });
    }
  }
  const rows = [...byService.values()].flatMap((versions) => [...versions.values()]);
  if (!rows.length) return null;
  // In key order, as every rollup upsert, so concurrent batches lock rows in the same order.
  rows.sort((a, b) => (a.service !== b.service ? (a.service < b.service ? -1 : 1) : a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  return {
    payload: JSON.stringify(rows),
    sql: (n, where = "") => `INSERT INTO change_events (cluster_id, service, kind, version, instance, at)
     SELECT $1, r.service, 'version', r.version, r.instance, to_timestamp(r."atUs" / 1000000.0)
       FROM jsonb_to_recordset($${n}::jsonb) AS r(service TEXT, version TEXT, instance TEXT, "atUs" BIGINT)${where}
     ON CONFLICT (cluster_id, service, kind, version)
       DO UPDATE SET at = EXCLUDED.at, instance = EXCLUDED.instance WHERE EXCLUDED.at < change_events.at`,
  };
}
