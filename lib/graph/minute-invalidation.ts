// The hook between writers of rollup minutes and the graph's cache of closed minutes
// (minute-cache.ts): ingest reports the minutes it wrote, every cache in the process forgets
// them. Process-wide on globalThis because Next.js bundles the ingest and graph routes
// separately; it imports nothing, so the ingest path depends on no graph code.
const KEY = Symbol.for("strata.rollupMinuteListeners");
type Listener = (minutesMs: ReadonlySet<number>) => void;
type Holder = { [KEY]?: Set<Listener> };

function listeners(): Set<Listener> {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= new Set());
}

/** Called by writers after rows of these minutes (epoch ms, minute starts) changed. */
export function rollupMinutesWritten(minutesMs: Iterable<number>): void {
  const set = new Set(minutesMs);
  if (set.size === 0) return;
  for (const l of listeners()) l(set);
}

/** Registers a cache; returns the function that unregisters it. */
export function onRollupMinutesWritten(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}
