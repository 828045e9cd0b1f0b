import "server-only";
// Day partitions of the raw tables are created just before rows for that day are written, in
// their own short statement outside the batch's transaction (so the advisory lock that
// serialises partition creation is never held while a batch loads). A memo per database keeps
// this to one round trip per table and day.
import type { Database } from "@/lib/db/database";

export type RawTable = "spans" | "flows";
const DAY_MS = 86_400_000;
const known = new WeakMap<Database, Set<string>>();

export function utcDay(ms: number): string {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

export async function ensurePartitions(db: Database, table: RawTable, timesMs: Iterable<number>): Promise<void> {
  let memo = known.get(db);
  if (!memo) known.set(db, (memo = new Set()));
  // Day numbers first, strings only for the distinct days: a request's thousands of rows fall
  // on one or two days, and a Date per row was a visible share of a request's time.
  const dayNumbers = new Set<number>();
  for (const t of timesMs) dayNumbers.add(Math.floor(t / DAY_MS));
  for (const n of dayNumbers) {
    const day = utcDay(n * DAY_MS);
    const key = `${table}:${day}`;
    if (memo.has(key)) continue;
    await db.query(`SELECT strata_ensure_day_partition($1, $2::date)`, [table, day]);
    memo.add(key);
  }
}

/** Forget the memo after retention dropped partitions. */
export function forgetPartitions(db: Database): void {
  known.delete(db);
}
