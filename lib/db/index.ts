import "server-only";
// The process-wide database: PostgreSQL when DATABASE_URL is set, the embedded PGlite otherwise,
// migrated before first use. Kept on globalThis because Next.js bundles route handlers
// separately: every bundle must share one pool (and PGlite must be opened once per folder).
import path from "node:path";
import { env } from "../env";
import type { Database } from "./database";
import { migrate } from "./migrate";
import { openPglite } from "./pglite";
import { openPostgres } from "./postgres";

const KEY = Symbol.for("strata.database");
type Holder = { [KEY]?: Promise<Database> };

export async function openDatabase(options: { databaseUrl?: string; dataDir: string; poolSize: number }): Promise<Database> {
  const db = options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize)
    : await openPglite(path.resolve(options.dataDir));
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return db;
}

export function getDatabase(): Promise<Database> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const e = env();
    holder[KEY] = openDatabase({ databaseUrl: e.DATABASE_URL, dataDir: path.join(e.STRATA_DATA_DIR, "pglite"), poolSize: e.STRATA_DB_POOL_SIZE });
    // A failed open must not be cached: the next request tries again.
    holder[KEY].catch(() => delete holder[KEY]);
  }
  return holder[KEY];
}

export type { Database, Queryable } from "./database";

/**
 * Makes `db` the process-wide database. For tests that drive route handlers against a database
 * they created, and for processes that embed the server's handlers.
 */
export function installDatabase(db: Database): void {
  (globalThis as Holder)[KEY] = Promise.resolve(db);
}
