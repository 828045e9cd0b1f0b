import "server-only";
// Server start-up: configuration, database (migrated), admin token, background maintenance.
// Maintenance timers are unref'd so they never keep a process alive on their own.
import { ensureAdminToken } from "@/lib/clusters/admin-auth";
import { applyRetention } from "@/lib/db/retention";
import { env } from "@/lib/env";
import { database } from "./context";

const HOUR_MS = 3_600_000;
const KEY = Symbol.for("strata.booted");
type Holder = { [KEY]?: boolean };

export async function boot(): Promise<void> {
  const holder = globalThis as Holder;
  if (holder[KEY]) return;
  holder[KEY] = true;
  const e = env(); // throws with every invalid variable named
  const db = await database();
  ensureAdminToken();
  console.log(`[strata] database: ${db.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${e.STRATA_DATA_DIR}`}, migrations applied`);

  const retain = () =>
    applyRetention(db, { rawDays: e.STRATA_RAW_RETENTION_DAYS, rollupDays: e.STRATA_ROLLUP_RETENTION_DAYS })
      .then((r) => r.droppedPartitions.length && console.log(`[strata] retention dropped ${r.droppedPartitions.join(", ")}`))
      .catch((err: unknown) => console.error("[strata] retention failed:", err));
  void retain();
  setInterval(retain, HOUR_MS).unref();
}
