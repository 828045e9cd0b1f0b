// queryOptions for every read of the dashboard: key, fetcher and contract in one object per
// resource, so a component, a prefetch and a test ask for the same thing the same way.
import { infiniteQueryOptions, keepPreviousData, queryOptions } from "@tanstack/react-query";
import { edgeDetailSchema } from "@/lib/contracts/edge-detail";
import { flowPageSchema } from "@/lib/contracts/flows";
import { graphSchema } from "@/lib/contracts/graph";
import { networkEdgeDetailSchema, networkNodeDetailSchema } from "@/lib/contracts/network-detail";
import { operationDetailSchema } from "@/lib/contracts/operation-detail";
import { serviceDetailSchema } from "@/lib/contracts/service-detail";
import { traceSchema, traceSearchSchema, traceServicesSchema } from "@/lib/contracts/traces";
import { graphScopeParams, windowParams, type GraphView, type ViewState } from "@/components/dashboard/view-state";
import { searchApiParams, type TraceSearchState } from "@/components/traces/search-params";
import { ApiError, fetchParsed } from "./fetch-parsed";
import { queryKeys, type WindowKey } from "./query-keys";

type WindowView = Pick<ViewState, "range" | "from" | "to">;
export const windowKey = (v: WindowView): WindowKey => windowParams(v) as WindowKey;

export const graphQuery = (v: GraphView) =>
  queryOptions({
    queryKey: queryKeys.graph(v.layer, windowKey(v), graphScopeParams(v)),
    queryFn: ({ signal }) => fetchParsed("/api/v1/graph", { layer: v.layer, ...windowParams(v), ...graphScopeParams(v) }, graphSchema, signal),
    // Keep drawing the last graph while a new window loads: the canvas must not blank out.
    placeholderData: keepPreviousData,
  });

export const serviceQuery = (name: string, v: WindowView) =>
  queryOptions({
    queryKey: queryKeys.service(name, windowKey(v)),
    queryFn: ({ signal }) => fetchParsed(`/api/v1/services/${encodeURIComponent(name)}`, windowParams(v), serviceDetailSchema, signal),
  });

export const operationQuery = (service: string, op: { name: string; spanKind: number }, v: WindowView) =>
  queryOptions({
    queryKey: queryKeys.operation(service, op.name, op.spanKind, windowKey(v)),
    queryFn: ({ signal }) =>
      fetchParsed(`/api/v1/services/${encodeURIComponent(service)}/operation`, { ...windowParams(v), operation: op.name, spanKind: String(op.spanKind) }, operationDetailSchema, signal),
  });

export const edgeQuery = (id: string, v: WindowView) =>
  queryOptions({
    queryKey: queryKeys.edge(id, windowKey(v)),
    queryFn: ({ signal }) => fetchParsed(`/api/v1/edges/${encodeURIComponent(id)}`, windowParams(v), edgeDetailSchema, signal),
  });

export const networkEdgeQuery = (id: string, v: WindowView) =>
  queryOptions({
    queryKey: queryKeys.networkEdge(id, windowKey(v)),
    queryFn: ({ signal }) => fetchParsed(`/api/v1/network/edges/${encodeURIComponent(id)}`, windowParams(v), networkEdgeDetailSchema, signal),
  });

export const networkNodeQuery = (id: string, v: WindowView) =>
  queryOptions({
    queryKey: queryKeys.networkNode(id, windowKey(v)),
    queryFn: ({ signal }) => fetchParsed(`/api/v1/network/nodes/${encodeURIComponent(id)}`, windowParams(v), networkNodeDetailSchema, signal),
  });

export interface FlowFilterView {
  src?: string;
  dst?: string;
  workload?: string;
  verdict?: string;
}

export const flowsQuery = (filter: FlowFilterView, v: WindowView, limit = 25) => {
  const params: Record<string, string> = { ...windowParams(v), limit: String(limit) };
  for (const [k, val] of Object.entries(filter)) if (val) params[k] = val;
  return infiniteQueryOptions({
    queryKey: queryKeys.flows(params),
    queryFn: ({ signal, pageParam }) => fetchParsed("/api/v1/flows", pageParam ? { ...params, cursor: pageParam } : params, flowPageSchema, signal),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
};

export const traceQuery = (traceId: string) =>
  queryOptions({
    queryKey: queryKeys.trace(traceId),
    queryFn: ({ signal }) => fetchParsed(`/api/v1/traces/${encodeURIComponent(traceId)}`, {}, traceSchema, signal),
    staleTime: Infinity,
    // A missing or malformed trace id stays so: say it at once rather than after a retry.
    retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 1,
  });

export const traceSearchQuery = (filter: { service?: string; operation?: string; errorsOnly?: boolean; limit?: number }, v: WindowView) => {
  const params: Record<string, string> = { ...windowParams(v), limit: String(filter.limit ?? 10) };
  if (filter.service) params.service = filter.service;
  if (filter.service && filter.operation) params.operation = filter.operation;
  if (filter.errorsOnly) params.errorsOnly = "true";
  return queryOptions({
    queryKey: queryKeys.traces(params),
    queryFn: ({ signal }) => fetchParsed("/api/v1/traces", params, traceSearchSchema, signal),
  });
};

/** The /traces page: every filter, sort and page of the search lives in the key through its API parameters. */
export const traceSearchPageQuery = (search: TraceSearchState) => {
  const params = searchApiParams(search);
  return queryOptions({
    queryKey: queryKeys.traces(params),
    queryFn: ({ signal }) => fetchParsed("/api/v1/traces", params, traceSearchSchema, signal),
    // Paging or re-sorting keeps the last table on screen until the next one arrives.
    placeholderData: keepPreviousData,
  });
};

/** Service names for the trace search form, over the search's window (cheap: whole-service rollup rows). */
export const traceServicesQuery = (search: Pick<TraceSearchState, "range" | "from" | "to" | "cluster">) => {
  const window = windowKey({ range: search.range, from: search.from, to: search.to });
  const params: Record<string, string> = { ...(window as Record<string, string>), ...(search.cluster ? { cluster: search.cluster } : {}) };
  return queryOptions({
    queryKey: queryKeys.traceServices(params as WindowKey & { cluster?: string }),
    queryFn: ({ signal }) => fetchParsed("/api/v1/traces/services", params, traceServicesSchema, signal),
    staleTime: 60_000,
  });
};
