import "server-only";
// Resolves `Authorization: Bearer <token>` to the cluster it belongs to. Unknown and revoked
// tokens get the same 401, so a caller cannot probe which tokens once existed. One indexed
// lookup per request (hand-written: this is the hot ingest path), no cache, so a revocation
// takes effect on the next request.
import { AppError } from "@/lib/api/errors";
import type { Database } from "@/lib/db/database";
import { hashToken } from "./tokens";

export function bearerToken(request: Request): string {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
  if (!match) throw new AppError("unauthorized", "missing bearer token (Authorization: Bearer <cluster token>)");
  return match[1];
}

export async function authenticateCluster(db: Database, request: Request): Promise<number> {
  const token = bearerToken(request);
  const r = await db.query<{ cluster_id: number }>(
    `SELECT cluster_id FROM ingest_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
    [hashToken(token)],
  );
  const row = r.rows[0];
  if (!row) throw new AppError("unauthorized", "unknown or revoked token");
  return row.cluster_id;
}
