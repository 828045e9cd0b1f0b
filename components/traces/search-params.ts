// The trace search lives in the URL (/traces?service=…&errors=1&range=1h), so a search can be
// shared and the back button steps through searches. decode never throws: a hand-edited link
// falls back field by field to the defaults; encode writes only what differs from them.
import { traceSortKeys, MAX_SEARCH_OFFSET, type TraceSort } from "@/lib/contracts/traces";

export const SEARCH_RANGES = ["5m", "15m", "1h", "6h", "24h", "7d"] as const;
export const PAGE_SIZE = 25;

export interface TraceSearchState {
  service: string | null;
  /** only meaningful with a service (the API refuses it alone) */
  operation: string | null;
  minDurationMs: number | null;
  maxDurationMs: number | null;
  errorsOnly: boolean;
  /** relative range ending now; null when from/to is set */
  range: string | null;
  from: number | null;
  to: number | null;
  cluster: string | null;
  sort: TraceSort;
  offset: number;
}

export const DEFAULT_SEARCH: TraceSearchState = {
  service: null, operation: null, minDurationMs: null, maxDurationMs: null, errorsOnly: false,
  range: "1h", from: null, to: null, cluster: null, sort: "newest", offset: 0,
};

type Params = { get(name: string): string | null };

const text = (v: string | null, max: number) => (v && v.trim() && v.length <= max ? v.trim() : null);
const epochMs = (v: string | null) => (v && /^\d{1,15}$/.test(v) ? Number(v) : null);
const durationMs = (v: string | null) => (v && /^\d{1,8}(\.\d{1,3})?$/.test(v) ? Number(v) : null);

export function decodeSearch(p: Params): TraceSearchState {
  const service = text(p.get("service"), 255);
  const from = epochMs(p.get("from"));
  const to = epochMs(p.get("to"));
  const absolute = from !== null && to !== null && from < to;
  const range = p.get("range");
  let minDurationMs = durationMs(p.get("minMs"));
  let maxDurationMs = durationMs(p.get("maxMs"));
  if (minDurationMs !== null && maxDurationMs !== null && minDurationMs > maxDurationMs) [minDurationMs, maxDurationMs] = [maxDurationMs, minDurationMs];
  const offset = Number(p.get("offset"));
  const cluster = text(p.get("cluster"), 63);
  return {
    service,
    operation: service ? text(p.get("operation"), 1000) : null,
    minDurationMs,
    maxDurationMs,
    errorsOnly: p.get("errors") === "1",
    range: absolute ? null : range && /^\d{1,4}[smhd]$/.test(range) ? range : DEFAULT_SEARCH.range,
    from: absolute ? from : null,
    to: absolute ? to : null,
    cluster,
    sort: traceSortKeys.find((k) => k === p.get("sort")) ?? DEFAULT_SEARCH.sort,
    offset: Number.isInteger(offset) && offset > 0 && offset <= MAX_SEARCH_OFFSET ? offset : 0,
  };
}

export function encodeSearch(s: TraceSearchState): string {
  const p = new URLSearchParams();
  if (s.service) p.set("service", s.service);
  if (s.service && s.operation) p.set("operation", s.operation);
  if (s.minDurationMs !== null) p.set("minMs", String(s.minDurationMs));
  if (s.maxDurationMs !== null) p.set("maxMs", String(s.maxDurationMs));
  if (s.errorsOnly) p.set("errors", "1");
  if (s.from !== null && s.to !== null) {
    p.set("from", String(s.from));
    p.set("to", String(s.to));
  } else if (s.range && s.range !== DEFAULT_SEARCH.range) p.set("range", s.range);
  if (s.cluster) p.set("cluster", s.cluster);
  if (s.sort !== DEFAULT_SEARCH.sort) p.set("sort", s.sort);
  if (s.offset > 0) p.set("offset", String(s.offset));
  return p.toString();
}

/** The state as GET /api/v1/traces query parameters (its names, not the URL's short ones). */
export function searchApiParams(s: TraceSearchState, limit = PAGE_SIZE): Record<string, string> {
  const p: Record<string, string> = { limit: String(limit), sort: s.sort, offset: String(s.offset) };
  if (s.from !== null && s.to !== null) {
    p.from = String(s.from);
    p.to = String(s.to);
  } else p.range = s.range ?? DEFAULT_SEARCH.range!;
  if (s.service) p.service = s.service;
  if (s.service && s.operation) p.operation = s.operation;
  if (s.minDurationMs !== null) p.minDurationMs = String(s.minDurationMs);
  if (s.maxDurationMs !== null) p.maxDurationMs = String(s.maxDurationMs);
  if (s.errorsOnly) p.errorsOnly = "true";
  if (s.cluster) p.cluster = s.cluster;
  return p;
}
