import "server-only";
// What every route handler needs from the process: the database and the ingest admission
// budget. Process-wide singletons live on globalThis because Next.js bundles each route
// separately (a module-level variable would exist once per bundle).
import { getDatabase } from "@/lib/db";
import type { Database } from "@/lib/db/database";
import { env } from "@/lib/env";
import { Admission } from "@/lib/ingest/admission";

const KEY = Symbol.for("strata.admission");
type Holder = { [KEY]?: Admission };

export function admission(): Admission {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Admission({
    itemsPerSecond: env().STRATA_INGEST_SPANS_PER_SECOND,
    maxInflightBytes: env().STRATA_INGEST_MAX_INFLIGHT_BYTES,
  });
  return holder[KEY];
}

export function database(): Promise<Database> {
  return getDatabase();
}
