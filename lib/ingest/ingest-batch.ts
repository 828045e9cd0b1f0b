import "server-only";
// POST /api/v1/ingest/batches: a collector agent's batch. The agent already paired and
// aggregated, so the server stores raw rows and adds the aggregates; it does not re-aggregate.
import { parseIngestBatch, type IngestBatchResponse } from "@/lib/contracts/ingest-batch";
import { AppError } from "@/lib/api/errors";
import type { Database } from "@/lib/db/database";
import { isErrorSpan } from "@/lib/otlp/error-rules";
import type { Admission } from "./admission";
import { edgeMinuteKey, mergedWhenDuplicated, mergeEdgeMinutes, mergeNetworkEdgeMinutes, mergeNodeMinutes, networkEdgeMinuteKey, nodeMinuteKey } from "@/lib/rollup/merge-rollups";
import { mergeDataQualityRows, pairingQualityRows, type DataQualityRow } from "./rollup-upsert";
import { storeUnit } from "./store";

export async function ingestBatch(db: Database, admission: Admission, clusterId: number, body: Buffer): Promise<IngestBatchResponse> {
  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(body.toString("utf8"));
  } catch {
    throw new AppError("bad_request", "body is not valid JSON");
  }
  // Raw rows come as rows or as columns (lib/contracts/ingest-batch.ts); both end up as rows.
  const batch = parseIngestBatch(parsedJson);
  admission.admitItems(batch.spans.length + batch.flows.length);

  const minuteMs = Math.floor(batch.sentAtMs / 60_000) * 60_000;
  const dataQuality: DataQualityRow[] = pairingQualityRows(batch.pairingQuality);
  const { spansSampledOut, spansRejected, flowLinesRejected } = batch.stats;
  if (spansSampledOut || spansRejected || flowLinesRejected) {
    dataQuality.push({ minuteMs, service: "*", spansSampledOut, spansRejected, flowLinesRejected });
  }

  const outcome = await storeUnit(db, {
    clusterId,
    batchId: batch.batchId,
    spans: batch.spans,
    isErrorSpan,
    flows: batch.flows,
    // A key repeated within the batch is added up (an agent never repeats one; a hand-made batch may).
    edgeMinutes: mergedWhenDuplicated(batch.edgeMinutes, edgeMinuteKey, mergeEdgeMinutes),
    nodeMinutes: mergedWhenDuplicated(batch.nodeMinutes, nodeMinuteKey, mergeNodeMinutes),
    networkEdgeMinutes: mergedWhenDuplicated(batch.networkEdgeMinutes, networkEdgeMinuteKey, mergeNetworkEdgeMinutes),
    dataQuality: mergeDataQualityRows(dataQuality),
    addresses: batch.addresses,
  });
  return { batchId: batch.batchId, ...outcome };
}
