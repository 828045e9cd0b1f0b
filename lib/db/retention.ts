import "server-only";
// Retention: raw spans and flows go a whole day partition at a time (a DROP is instant and
// leaves no bloat); rollups and bookkeeping are deleted by time. Runs at boot and hourly.
import type { Database } from "./database";
import { forgetPartitions } from "@/lib/ingest/partitions";

const DAY_MS = 86_400_000;
// Agents retry a batch within minutes; two days of batch ids is ample to recognise a retry.
const BATCH_ID_RETENTION_MS = 2 * DAY_MS;

export interface RetentionPolicy {
  rawDays: number;
  rollupDays: number;
}

export interface RetentionReport {
  droppedPartitions: string[];
  deletedRollupRows: number;
}

export async function applyRetention(db: Database, policy: RetentionPolicy, nowMs = Date.now()): Promise<RetentionReport> {
  const rawCutoff = nowMs - policy.rawDays * DAY_MS;
  const parts = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname IN ('spans', 'flows')`,
  );
  const dropped: string[] = [];
  for (const { name } of parts.rows) {
    const m = /_p(\d{4})(\d{2})(\d{2})$/.exec(name);
    if (!m) continue;
    const dayEndMs = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + DAY_MS;
    if (dayEndMs <= rawCutoff) {
      await db.query(`DROP TABLE IF EXISTS "${name}"`); // name matched /_p\d{8}$/ from the catalog
      dropped.push(name);
    }
  }
  if (dropped.length) forgetPartitions(db);

  const rollupCutoff = new Date(nowMs - policy.rollupDays * DAY_MS);
  let deleted = 0;
  for (const table of ["edge_minutes", "node_minutes", "network_edge_minutes", "data_quality_minutes"]) {
    const r = await db.query(`DELETE FROM ${table} WHERE minute < $1`, [rollupCutoff]);
    deleted += r.rowCount;
  }
  await db.query(`DELETE FROM address_map WHERE valid_to < $1`, [rollupCutoff]);
  await db.query(`DELETE FROM ingested_batches WHERE received_at < $1`, [new Date(nowMs - BATCH_ID_RETENTION_MS)]);
  return { droppedPartitions: dropped, deletedRollupRows: deleted };
}
