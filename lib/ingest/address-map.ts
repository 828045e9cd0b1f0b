import "server-only";
// The time-bounded address map: address → workload → service, valid from first to last sight.
// An observation that agrees with the address's latest mapping extends it; one that disagrees
// (a reused pod IP now serving another service) starts a new row, leaving the old one ending
// where it was last seen. A per-database memo skips writes that would move valid_to by less
// than a minute, so steady traffic costs no writes. (Should a batch roll back after the memo
// was updated, the mapping is written again within a minute: the memo only delays, never loses.)
// A PEER observation (a database's address seen by its clients' spans, not by its own resource)
// only fills a gap: it extends a row of the same owner, and starts a row only where no mapping of
// the address reaches within the agent's grace period (5 minutes) of its sightings, so it never
// covers what a service's resource claims. A claim seen later starts its own, newer row, which
// the readers prefer (lib/graph/flow-sql.ts: the newest row holding the time).
// Three ranks, as in the agent's map (collectors/processors/address-map.ts): a claim (not peer),
// then a peer with a service (the graph's name for a database or broker), then an ENDPOINT — a
// peer without a service, a pod a flow source named (Hubble). An endpoint row never blocks a
// peer's: only rows with a service fill the gap a peer would fill.
import type { AddressObservation } from "@/lib/contracts/ingest-batch";
import type { Database, Queryable } from "@/lib/db/database";

const EXTEND_GRANULARITY_MS = 60_000;
const memo = new WeakMap<Database, Map<string, { owner: string; lastMs: number }>>();

/** 2 claim, 1 peer (a database or broker named by its clients), 0 endpoint (a pod named by a flow source). */
function rank(o: AddressObservation): number {
  return !o.peer ? 2 : o.service !== null ? 1 : 0;
}

/** One observation per address: the highest rank seen in the batch, then the latest sighting. */
function mergeByAddress(observations: readonly AddressObservation[]): AddressObservation[] {
  const best = new Map<string, number>();
  for (const o of observations) best.set(o.address, Math.max(best.get(o.address) ?? 0, rank(o)));
  const merged = new Map<string, AddressObservation>();
  for (const o of observations) {
    if (rank(o) < best.get(o.address)!) continue; // the address's better-informed source speaks for it
    const prev = merged.get(o.address);
    if (!prev || o.lastSeenMs > prev.lastSeenMs) {
      merged.set(o.address, { ...o, firstSeenMs: Math.min(o.firstSeenMs, prev?.firstSeenMs ?? o.firstSeenMs) });
    }
  }
  return [...merged.values()].sort((a, b) => (a.address < b.address ? -1 : 1));
}

export async function recordAddresses(
  owner: Database,
  db: Queryable,
  clusterId: number,
  observations: readonly AddressObservation[],
): Promise<void> {
  let seen = memo.get(owner);
  if (!seen) memo.set(owner, (seen = new Map()));
  const fresh = mergeByAddress(observations).filter((o) => {
    const prev = seen.get(`${clusterId}/${o.address}`);
    const ownerKey = `${o.service ?? ""}\u0001${o.workload ?? ""}`;
    return !prev || prev.owner !== ownerKey || o.lastSeenMs - prev.lastMs >= EXTEND_GRANULARITY_MS;
  });
  if (!fresh.length) return;
  // Two requests that saw the same new address at once would each insert a row: serialise the
  // map's writers per cluster until commit. The statement below then takes its snapshot after
  // the lock, so it sees (and extends) the row the other transaction committed.
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('strata_address_map'), $1)`, [clusterId]);
  await db.query(
    `WITH obs AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb)
         AS o(address TEXT, service TEXT, workload TEXT, namespace TEXT, "firstSeenMs" BIGINT, "lastSeenMs" BIGINT, peer BOOLEAN)
     ), latest AS (
       SELECT DISTINCT ON (o.address) o.*, m.id AS map_id,
              (m.id IS NOT NULL AND m.service IS NOT DISTINCT FROM o.service
                                AND m.workload IS NOT DISTINCT FROM o.workload) AS same_owner
       FROM obs o
       LEFT JOIN address_map m ON m.cluster_id = $1 AND m.address = o.address
       ORDER BY o.address, m.valid_from DESC
     ), extended AS (
       UPDATE address_map m
          SET valid_to = GREATEST(m.valid_to, to_timestamp(l."lastSeenMs" / 1000.0)),
              valid_from = LEAST(m.valid_from, to_timestamp(l."firstSeenMs" / 1000.0))
         FROM latest l
        WHERE m.id = l.map_id AND l.same_owner
       RETURNING m.id
     )
     INSERT INTO address_map (cluster_id, address, service, workload, namespace, valid_from, valid_to)
     SELECT $1, l.address, l.service, l.workload, l.namespace,
            to_timestamp(l."firstSeenMs" / 1000.0), to_timestamp(l."lastSeenMs" / 1000.0)
       FROM latest l
      WHERE NOT l.same_owner
        AND (l.peer IS NOT TRUE OR NOT EXISTS (
              SELECT 1 FROM address_map m
               WHERE m.cluster_id = $1 AND m.address = l.address
                 AND (l.service IS NULL OR m.service IS NOT NULL)
                 AND m.valid_from <= to_timestamp(l."lastSeenMs" / 1000.0) + interval '5 minutes'
                 AND m.valid_to >= to_timestamp(l."firstSeenMs" / 1000.0) - interval '5 minutes'))`,
    [clusterId, JSON.stringify(fresh)],
  );
  for (const o of fresh) {
    seen.set(`${clusterId}/${o.address}`, { owner: `${o.service ?? ""}\u0001${o.workload ?? ""}`, lastMs: o.lastSeenMs });
  }
}
