import "server-only";
// The rollup rows the service, application and combined layers sum (edge_minutes and
// node_minutes, per minute, hour or window, and per cluster), as they are read from SQL text:
// names interned, every edge and node numbered once, histograms kept sparse.
import { sparseBytes, sparseOf, type SparseHistogram } from "./sparse-histogram";

export interface EdgeRollupRow {
  /** the same number for the same client, server and connection type (keyIdOf) */
  key: number;
  client: string;
  server: string;
  connectionType: string;
  clusterId: number;
  cluster: string;
  calls: number;
  errors: number;
  clientHist: SparseHistogram;
  serverHist: SparseHistogram;
}

/** A whole-service row (operation '') or an entry operation (server or consumer span kind). */
export interface NodeRollupRow {
  /** the same number for the same service and operation (keyIdOf) */
  key: number;
  service: string;
  operation: string;
  spanKind: number;
  clusterId: number;
  cluster: string;
  calls: number;
  errors: number;
  hist: SparseHistogram;
}

/** OTLP span kinds that receive work: SERVER (2) and CONSUMER (5); the application layer's operations. */
export const ENTRY_KINDS = [2, 5];

// Strings repeat in every minute: one copy each, not one per cached row.
const interned = new Map<string, string>();
function intern(s: string): string {
  const hit = interned.get(s);
  if (hit !== undefined) return hit;
  if (interned.size > 1_000_000) interned.clear();
  interned.set(s, s);
  return s;
}

// Every edge (client, server, type) and node (service, operation) gets a number once, when its
// rows are fetched: summing a window then groups 90,000 rows by number, without building a
// string key per row per request.
const keyIds = new Map<string, number>();
function keyIdOf(...parts: string[]): number {
  const k = parts.join("\u0000");
  let id = keyIds.get(k);
  if (id === undefined) keyIds.set(k, (id = keyIds.size));
  return id;
}

export const num = (v: unknown) => Number(v) || 0;

export type Raw = Record<string, unknown>;

export function edgeRowOf(r: Raw): EdgeRollupRow {
  const client = intern(r.client as string);
  const server = intern(r.server as string);
  const connectionType = intern(r.connection_type as string);
  return {
    key: keyIdOf("e", client, server, connectionType),
    client,
    server,
    connectionType,
    clusterId: num(r.cluster_id),
    cluster: intern(r.cluster as string),
    calls: num(r.calls),
    errors: num(r.errors),
    clientHist: sparseOf(r.client_hist as string | null, num(r.client_sum_us), num(r.client_count)),
    serverHist: sparseOf(r.server_hist as string | null, num(r.server_sum_us), num(r.server_count)),
  };
}

export function nodeRowOf(r: Raw): NodeRollupRow {
  const service = intern(r.service as string);
  const operation = intern(r.operation as string);
  return {
    key: keyIdOf("n", service, operation),
    service,
    operation,
    spanKind: num(r.span_kind),
    clusterId: num(r.cluster_id),
    cluster: intern(r.cluster as string),
    calls: num(r.calls),
    errors: num(r.errors),
    hist: sparseOf(r.duration_hist as string | null, num(r.duration_sum_us), num(r.duration_count)),
  };
}

export const edgeBytes = (r: EdgeRollupRow) => 160 + sparseBytes(r.clientHist) + sparseBytes(r.serverHist);
export const nodeBytes = (r: NodeRollupRow) => 120 + sparseBytes(r.hist);

// Each minute's rows in one order (sorting 1,500 numbers here is cheaper than ORDER BY), so
// float sums (sum_us) add up in the same order on every read.
export function groupByMinute<R>(rows: Raw[], of: (r: Raw) => R, order: (a: R, b: R) => number): Map<number, R[]> {
  const out = new Map<number, R[]>();
  for (const r of rows) {
    const m = num(r.minute_ms);
    const list = out.get(m);
    if (list) list.push(of(r));
    else out.set(m, [of(r)]);
  }
  for (const list of out.values()) list.sort(order);
  return out;
}

