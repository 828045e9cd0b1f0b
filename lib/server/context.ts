import "server-only";
// What every route handler needs from the process: the database and the ingest admission
// budget. Process-wide singletons live on globalThis because Next.js bundles each route
// separately (a module-level variable would exist once per bundle).
import { getDatabase } from "@/lib/db";
import type { Database } from "@/lib/db/database";
import { env } from "@/lib/env";
import { Admission } from "@/lib/ingest/admission";
import { ServerPairing } from "@/lib/ingest/server-pairing";

const KEY = Symbol.for("strata.admission");
const PAIRING = Symbol.for("strata.pairing");
type Holder = { [KEY]?: Admission; [PAIRING]?: WeakMap<Database, ServerPairing> };

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

/** The server's pairing state for spans sent straight from SDKs (started on first use). */
export function serverPairing(db: Database): ServerPairing {
  const holder = globalThis as Holder;
  const all = (holder[PAIRING] ??= new WeakMap());
  let pairing = all.get(db);
  if (!pairing) {
    pairing = new ServerPairing(db, { ttlMs: env().STRATA_PAIRING_WAIT_MS, maxItems: env().STRATA_PAIRING_MAX_ITEMS });
    pairing.start();
    all.set(db, pairing);
  }
  return pairing;
}
