import "server-only";
// Resolves the optional ?cluster=name of a read query to its id (null: all clusters).
import { AppError } from "@/lib/api/errors";
import type { Queryable } from "@/lib/db/database";

export async function clusterIdOf(db: Queryable, name: string | undefined): Promise<number | null> {
  if (!name) return null;
  const r = await db.query<{ id: number }>(`SELECT id FROM clusters WHERE name = $1`, [name]);
  if (!r.rows[0]) throw new AppError("not_found", `no cluster named "${name}"`);
  return r.rows[0].id;
}
