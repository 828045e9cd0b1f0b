import "server-only";
// Stores one unit of ingest (a collector batch, or one OTLP request after server-side pairing)
// in one transaction: the raw rows, the rollup increments, the address map and version changes
// commit together or not at all. The transaction is BEGIN, the COPY, one statement that claims
// the batch id and adds every rollup, and COMMIT. On a real server the span rows are encoded and
// the OTLP path's spans paired while the COPY runs, in slices that yield to I/O so PostgreSQL is
// fed as it loads; no row lock is taken before the rollup statement, so this costs no waiting
// between concurrent requests. A retried batch finds its id taken, and its transaction is rolled
// back: nothing is written twice.
import type { AddressObservation } from "@/lib/contracts/ingest-batch";
import type { NormalizedFlow } from "@/lib/contracts/flow";
import type { EdgeMinute, NetworkEdgeMinute, NodeMinute } from "@/lib/contracts/rollup";
import type { NormalizedSpan } from "@/lib/contracts/span";
import type { Database } from "@/lib/db/database";
import { rollupMinutesWritten } from "@/lib/graph/minute-invalidation";
import { recordAddresses } from "./address-map";
import { versionChangeUpsert } from "./change-events";
import { encodeFlowRows, FLOW_COLUMNS } from "./flow-rows";
import { ensurePartitions } from "./partitions";
import { claimAndUpsert, claimAndUpsertStatement, type DataQualityRow } from "./rollup-upsert";
import { encodeSpanRowChunks, encodeSpanRows, SPAN_COLUMNS } from "./span-rows";

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

/** The rollup part of a unit, which a caller may compute while its raw rows are being copied. */
export type RollupPart = Pick<StoreUnit, "edgeMinutes" | "nodeMinutes" | "networkEdgeMinutes" | "dataQuality" | "addresses">;

/**
 * A unit whose rollups are computed by `rollups(spans)` once the COPY of its raw rows is under
 * way: PostgreSQL loads the rows on its core while Node pairs and aggregates on its own, instead
 * of one waiting for the other (the server's OTLP path; bench/README.md).
 * storeUnit takes the spans out of such a unit (`spans` is left empty) and drops them once they
 * are copied and paired: a request's 4,096 span objects then die before the rollup statement and
 * COMMIT, instead of being copied and promoted by the garbage collector while those run.
 */
export type DeferredStoreUnit = Omit<StoreUnit, keyof RollupPart> & {
  rollups: (spans: readonly NormalizedSpan[]) => RollupPart | Promise<RollupPart>;
};

export interface StoreOutcome {
  duplicate: boolean;
  stored: { spans: number; flows: number; edgeMinutes: number; nodeMinutes: number; networkEdgeMinutes: number };
}

const NOTHING_STORED = { spans: 0, flows: 0, edgeMinutes: 0, nodeMinutes: 0, networkEdgeMinutes: 0 };

/** Thrown inside the transaction to roll back a batch whose id was already stored. */
class DuplicateBatch extends Error {}

/** Lets pending I/O (the COPY data just handed to the driver) reach the socket. */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function storeUnit(db: Database, unit: StoreUnit | DeferredStoreUnit): Promise<StoreOutcome> {
  // Span rows are encoded a chunk at a time while the COPY runs (the transaction holds no row
  // locks until the rollup statement); everything else is built before the transaction opens.
  // On PGlite the database runs on this thread, so there is nothing to overlap: everything is
  // computed first and its one connection is held for the writes alone.
  const inProcess = db.kind === "pglite";
  const deferred = "rollups" in unit ? unit : null;
  let spans: readonly NormalizedSpan[] | null = unit.spans;
  if (deferred) deferred.spans = [];
  const { clusterId, batchId, flows } = unit;
  const spanCount = spans.length;
  const spanText = !spanCount
    ? Buffer.alloc(0)
    : inProcess
      ? encodeSpanRows(clusterId, spans, unit.isErrorSpan)
      : encodeSpanRowChunks(clusterId, spans, unit.isErrorSpan);
  const flowText = encodeFlowRows(clusterId, flows);
  const versions = versionChangeUpsert(spans);
  const statementOf = (r: RollupPart) =>
    claimAndUpsertStatement({
      clusterId,
      batchId,
      spans: spanCount,
      flows: flows.length,
      edgeMinutes: r.edgeMinutes,
      nodeMinutes: r.nodeMinutes,
      networkEdgeMinutes: r.networkEdgeMinutes,
      dataQuality: r.dataQuality,
      extra: versions ? [versions] : [],
    });
  const computed = !deferred ? (unit as StoreUnit) : inProcess ? await deferred.rollups(spans) : null;
  const ready = computed ? { rollups: computed, statement: statementOf(computed) } : null;
  await ensurePartitions(db, "spans", spans.map((s) => s.startUs / 1000));
  await ensurePartitions(db, "flows", flows.map((f) => f.startMs));
  let written: number[] = [];

  try {
    const outcome = await db.transaction(async (tx) => {
      let rollups: RollupPart;
      let statement: { sql: string; params: unknown[] };
      if (ready) {
        await tx.copyFrom("spans", SPAN_COLUMNS, spanText);
        ({ rollups, statement } = ready);
      } else {
        const copying = tx.copyFrom("spans", SPAN_COLUMNS, spanText);
        copying.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
        await yieldToIo();
        rollups = await deferred!.rollups(spans!);
        statement = statementOf(rollups);
        await copying;
      }
      spans = null; // copied and paired: nothing below needs them
      await tx.copyFrom("flows", FLOW_COLUMNS, flowText);
      // The rollup rows are locked from here to COMMIT: the shortest stretch of the transaction.
      if (!(await claimAndUpsert(tx, statement))) throw new DuplicateBatch();
      await recordAddresses(db, tx, clusterId, rollups.addresses);
      written = [...rollups.edgeMinutes, ...rollups.nodeMinutes].map((r) => r.minuteMs);
      return {
        duplicate: false,
        stored: {
          spans: spanCount,
          flows: flows.length,
          edgeMinutes: rollups.edgeMinutes.length,
          nodeMinutes: rollups.nodeMinutes.length,
          networkEdgeMinutes: rollups.networkEdgeMinutes.length,
        },
      };
    });
    // After COMMIT: the graph's cache of closed minutes forgets the minutes this unit added to.
    rollupMinutesWritten(written);
    return outcome;
  } catch (err) {
    if (err instanceof DuplicateBatch) return { duplicate: true, stored: NOTHING_STORED };
    throw err;
  }
}
