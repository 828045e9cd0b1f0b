import "server-only";
// The nodes' namespaces (namespaces.ts) for a window, remembered for NAMESPACE_TTL_MS: finding
// them probes the address map and, for services it does not know, their latest spans, which took
// 100–170 ms for 300 services under load, more than the rest of a cached graph read. Namespaces
// change with deployments, not from minute to minute; a new one shows within the TTL.
import type { Queryable } from "@/lib/db/database";
import type { GraphScope } from "./graph-scope";
import { serviceNamespaces } from "./namespaces";

export const NAMESPACE_TTL_MS = 60_000;
const MAX_ENTRIES = 64;

interface Entry {
  value: Promise<Map<string, string>>;
  expiresAtMs: number;
}

const KEY = Symbol.for("strata.graphNamespaceCache");
type Holder = { [KEY]?: WeakMap<object, Map<string, Entry>> };

export function cachedServiceNamespaces(db: Queryable, scope: GraphScope, services: readonly string[], nowMs = Date.now()): Promise<Map<string, string>> {
  const holder = globalThis as Holder;
  const all = (holder[KEY] ??= new WeakMap());
  let entries = all.get(db);
  if (!entries) all.set(db, (entries = new Map()));
  const key = `${scope.clusterId}|${scope.fromMs}|${scope.toMs}|${[...services].sort().join("\u0000")}`;
  const hit = entries.get(key);
  if (hit && hit.expiresAtMs > nowMs) return hit.value;
  const value = serviceNamespaces(db, scope, services);
  // A failed probe is not remembered: the next read tries again.
  value.catch(() => entries.delete(key));
  entries.delete(key);
  entries.set(key, { value, expiresAtMs: nowMs + NAMESPACE_TTL_MS });
  for (const [k, e] of entries) {
    if (entries.size <= MAX_ENTRIES) break;
    if (e !== entries.get(key)) entries.delete(k);
  }
  return value;
}
