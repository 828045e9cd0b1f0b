import "server-only";
// Stores one unit of ingest (a collector batch, or one OTLP request after server-side pairing)
// in one transaction: the raw rows, the rollup increments, the address map and version changes
// commit together or not at all. The batch id is claimed first inside the same transaction, so a
// retried batch finds its id taken and is acknowledged without writing anything twice.
import type { AddressObservation } from "@/lib/contracts/ingest-batch";
import type { NormalizedFlow } from "@/lib/contracts/flow";
import type { EdgeMinute, NetworkEdgeMinute, NodeMinute } from "@/lib/contracts/rollup";
import type { NormalizedSpan } from "@/lib/contracts/span";
import type { Database } from "@/lib/db/database";
import { recordAddresses } from "./address-map";
import { recordVersionChanges } from "./change-events";
import { encodeFlowRows, FLOW_COLUMNS } from "./flow-rows";
import { ensurePartitions } from "./partitions";
import {
  upsertDataQuality,
  upsertEdgeMinutes,
  upsertNetworkEdgeMinutes,
  upsertNodeMinutes,
  type DataQualityRow,
} from "./rollup-upsert";
import { encodeSpanRows, SPAN_COLUMNS } from "./span-rows";

export interface StoreUnit {
  clusterId: number;
  /** idempotency key: the agent's batch id, or a digest of an OTLP request body */
  batchId: string;
  spans: readonly NormalizedSpan[];
  isErrorSpan: (span: NormalizedSpan) => boolean;
  flows: readonly NormalizedFlow[];
  edgeMinutes: readonly EdgeMinute[];
  nodeMinutes: readonly NodeMinute[];
  networkEdgeMinutes: readonly NetworkEdgeMinute[];
  dataQuality: readonly DataQualityRow[];
  addresses: readonly AddressObservation[];
}

export interface StoreOutcome {
  duplicate: boolean;
  stored: { spans: number; flows: number; edgeMinutes: number; nodeMinutes: number; networkEdgeMinutes: number };
}

export async function storeUnit(db: Database, unit: StoreUnit): Promise<StoreOutcome> {
  // Encode before the transaction opens: CPU work must not hold a connection or row locks.
  const spanText = encodeSpanRows(unit.clusterId, unit.spans, unit.isErrorSpan);
  const flowText = encodeFlowRows(unit.clusterId, unit.flows);
  await ensurePartitions(db, "spans", unit.spans.map((s) => s.startUs / 1000));
  await ensurePartitions(db, "flows", unit.flows.map((f) => f.startMs));

  return db.transaction(async (tx) => {
    const claimed = await tx.query(
      `INSERT INTO ingested_batches (cluster_id, batch_id, spans, flows) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING batch_id`,
      [unit.clusterId, unit.batchId, unit.spans.length, unit.flows.length],
    );
    if (claimed.rowCount === 0) {
      return { duplicate: true, stored: { spans: 0, flows: 0, edgeMinutes: 0, nodeMinutes: 0, networkEdgeMinutes: 0 } };
    }
    await tx.copyFrom("spans", SPAN_COLUMNS, spanText);
    await tx.copyFrom("flows", FLOW_COLUMNS, flowText);
    await upsertEdgeMinutes(tx, unit.clusterId, unit.edgeMinutes);
    await upsertNodeMinutes(tx, unit.clusterId, unit.nodeMinutes);
    await upsertNetworkEdgeMinutes(tx, unit.clusterId, unit.networkEdgeMinutes);
    await upsertDataQuality(tx, unit.clusterId, unit.dataQuality);
    await recordAddresses(db, tx, unit.clusterId, unit.addresses);
    await recordVersionChanges(tx, unit.clusterId, unit.spans);
    return {
      duplicate: false,
      stored: {
        spans: unit.spans.length,
        flows: unit.flows.length,
        edgeMinutes: unit.edgeMinutes.length,
        nodeMinutes: unit.nodeMinutes.length,
        networkEdgeMinutes: unit.networkEdgeMinutes.length,
      },
    };
  });
}
