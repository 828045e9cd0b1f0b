// Every TanStack Query key of the dashboard, from one factory that mirrors the API tree
// (STYLE.md 15). Components never spell a key. The window is part of every key as the user
// chose it ("15m", or from/to) rather than as resolved epoch ms: a relative range names a moving
// window, and refetching that same key is exactly how the live view moves forward.

export type WindowKey = { range: string } | { from: string; to: string };

export const queryKeys = {
  all: ["strata"] as const,
  // scope: the server-side graph filters (cluster, namespace, focus, hops, baseline); the
  // browser-side ones (search, only errors, hidden, grouping) are not in the key: they never refetch.
  graph: (layer: string, window: WindowKey, scope: Record<string, string> = {}) => [...queryKeys.all, "graph", layer, window, scope] as const,
  service: (name: string, window: WindowKey) => [...queryKeys.all, "services", name, window] as const,
  operation: (service: string, operation: string, spanKind: number, window: WindowKey) =>
    [...queryKeys.all, "services", service, "operations", operation, spanKind, window] as const,
  edge: (id: string, window: WindowKey) => [...queryKeys.all, "edges", id, window] as const,
  networkEdge: (id: string, window: WindowKey) => [...queryKeys.all, "network", "edges", id, window] as const,
  networkNode: (id: string, window: WindowKey) => [...queryKeys.all, "network", "nodes", id, window] as const,
  // Pages of one filter share the key; the cursor is TanStack's page param, not part of the key.
  flows: (filter: Record<string, string>) => [...queryKeys.all, "flows", filter] as const,
  traceServices: (window: WindowKey & { cluster?: string }) => [...queryKeys.all, "traces", "services", window] as const,
  traces: (filter: Record<string, string>) => [...queryKeys.all, "traces", "search", filter] as const,
  // A trace is immutable once written: its key carries no window.
  trace: (traceId: string) => [...queryKeys.all, "traces", traceId] as const,
  // The simulator's state is not windowed: faults are live, now.
  demoFaults: () => [...queryKeys.all, "demo", "faults"] as const,
};
