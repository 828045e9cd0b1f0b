// Builds the IngestBatch objects a cut ships (lib/contracts/ingest-batch.ts): aggregate batches
// (rollup rows, addresses, data-quality counts) and raw batches (spans, flows), each within the
// configured sizes, each with a batch id chosen now, before the first attempt to send it.
import { createHash, randomUUID } from "node:crypto";
import type { NormalizedFlow } from "@/lib/contracts/flow";
import type { AddressObservation, IngestBatch } from "@/lib/contracts/ingest-batch";
import type { EdgeMinute, NetworkEdgeMinute, NodeMinute, PairingQualityMinute } from "@/lib/contracts/rollup";
import type { NormalizedSpan } from "@/lib/contracts/span";

export interface AgentIdentity {
  name: string;
  version: string;
}

export interface Aggregates {
  edgeMinutes: EdgeMinute[];
  nodeMinutes: NodeMinute[];
  networkEdgeMinutes: NetworkEdgeMinute[];
  pairingQuality: PairingQualityMinute[];
  addresses: AddressObservation[];
  stats: IngestBatch["stats"];
}

/** Rows per aggregate batch: an edge row with three histograms is about 1 KiB of JSON. */
export const MAX_AGGREGATE_ROWS = 2000;

const ROW_KEYS = ["edgeMinutes", "nodeMinutes", "networkEdgeMinutes", "pairingQuality", "addresses"] as const;

function emptyBatch(agent: AgentIdentity, nowMs: number, batchId: string = randomUUID()): IngestBatch {
  return {
    batchId,
    agent,
    sentAtMs: nowMs,
    spans: [],
    flows: [],
    edgeMinutes: [],
    nodeMinutes: [],
    networkEdgeMinutes: [],
    pairingQuality: [],
    addresses: [],
    stats: { spansSampledOut: 0, spansRejected: 0, flowLinesRejected: 0 },
  };
}

export function aggregateRowCount(b: Pick<IngestBatch, (typeof ROW_KEYS)[number]>): number {
  return ROW_KEYS.reduce((n, k) => n + b[k].length, 0);
}

function hasStats(s: IngestBatch["stats"]): boolean {
  return s.spansSampledOut + s.spansRejected + s.flowLinesRejected > 0;
}

/** The aggregates in as few batches as the row limit allows; none when there is nothing. */
export function buildAggregateBatches(agg: Aggregates, agent: AgentIdentity, nowMs: number, maxRows = MAX_AGGREGATE_ROWS): IngestBatch[] {
  const batches: IngestBatch[] = [];
  let current = emptyBatch(agent, nowMs);
  current.stats = { ...agg.stats };
  let rows = 0;
  for (const key of ROW_KEYS) {
    for (const row of agg[key]) {
      if (rows === maxRows) {
        batches.push(current);
        current = emptyBatch(agent, nowMs);
        rows = 0;
      }
      (current[key] as unknown[]).push(row);
      rows++;
    }
  }
  if (rows > 0 || hasStats(current.stats)) batches.push(current);
  return batches;
}

export function buildRawBatches(spans: NormalizedSpan[], flows: NormalizedFlow[], agent: AgentIdentity, nowMs: number, maxSpans: number, maxFlows: number): IngestBatch[] {
  const batches: IngestBatch[] = [];
  for (let i = 0; i < spans.length; i += maxSpans) batches.push({ ...emptyBatch(agent, nowMs), spans: spans.slice(i, i + maxSpans) });
  for (let i = 0; i < flows.length; i += maxFlows) batches.push({ ...emptyBatch(agent, nowMs), flows: flows.slice(i, i + maxFlows) });
  return batches;
}

/** A batch id derived from its parent's: a split retried after a crash gets the same ids, so
 *  the server recognises halves it already stored. */
export function derivedBatchId(parent: string, part: string): string {
  const h = createHash("sha256").update(`${parent}/${part}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Halves of a batch the server found too large (413); null when it cannot be split further. */
export function splitBatch(batch: IngestBatch): [IngestBatch, IngestBatch] | null {
  const items = batch.spans.length + batch.flows.length + aggregateRowCount(batch);
  if (items < 2) return null;
  const a = { ...emptyBatch(batch.agent, batch.sentAtMs, derivedBatchId(batch.batchId, "a")), stats: batch.stats };
  const b = emptyBatch(batch.agent, batch.sentAtMs, derivedBatchId(batch.batchId, "b"));
  for (const key of ["spans", "flows", ...ROW_KEYS] as const) {
    const list = batch[key] as unknown[];
    const mid = Math.ceil(list.length / 2);
    (a[key] as unknown[]) = list.slice(0, mid);
    (b[key] as unknown[]) = list.slice(mid);
  }
  return [a, b];
}
