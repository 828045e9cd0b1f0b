// The contract between the collector agent and the server: POST /api/v1/ingest/batches.
// Versioned by its path; a breaking change gets /api/v2. Client-safe.
//
// The agent pairs spans and aggregates per minute before it samples, so a batch carries the
// exact aggregates plus whatever raw spans and flows survived sampling. The server stores the
// raw rows and adds the aggregates to its rollups; it never re-aggregates spans that came in a
// batch (they were counted by the agent already).
//
// Idempotency: every batch carries a batchId (a UUID the agent picks once, before the first
// attempt). A batch retried after a timeout is recognised by (cluster, batchId) and acknowledged
// without being stored or counted twice.
import { z } from "zod";
import { normalizedFlowSchema } from "./flow";
import {
  edgeMinuteSchema,
  networkEdgeMinuteSchema,
  nodeMinuteSchema,
  pairingQualityMinuteSchema,
} from "./rollup";
import { normalizedSpanSchema } from "./span";

export const INGEST_BATCH_PATH = "/api/v1/ingest/batches";

/** An address seen serving or calling as a workload/service, for the time-bounded address map. */
export const addressObservationSchema = z.object({
  address: z.string().min(1).max(64),
  service: z.string().min(1).max(512).nullable(),
  workload: z.string().min(1).max(512).nullable(),
  namespace: z.string().max(256).nullable(),
  firstSeenMs: z.number().int().nonnegative(),
  lastSeenMs: z.number().int().nonnegative(),
});
export type AddressObservation = z.infer<typeof addressObservationSchema>;

export const ingestBatchSchema = z.object({
  batchId: z.string().uuid(),
  agent: z.object({ name: z.string().max(256), version: z.string().max(64) }),
  sentAtMs: z.number().int().nonnegative(),
  spans: z.array(normalizedSpanSchema).default([]),
  flows: z.array(normalizedFlowSchema).default([]),
  edgeMinutes: z.array(edgeMinuteSchema).default([]),
  nodeMinutes: z.array(nodeMinuteSchema).default([]),
  networkEdgeMinutes: z.array(networkEdgeMinuteSchema).default([]),
  pairingQuality: z.array(pairingQualityMinuteSchema).default([]),
  addresses: z.array(addressObservationSchema).default([]),
  /** what the agent counted but did not ship as raw rows (sampling, drops), for data quality */
  stats: z
    .object({
      spansSampledOut: z.number().int().nonnegative().default(0),
      spansRejected: z.number().int().nonnegative().default(0),
      flowLinesRejected: z.number().int().nonnegative().default(0),
    })
    .default({ spansSampledOut: 0, spansRejected: 0, flowLinesRejected: 0 }),
});
export type IngestBatch = z.infer<typeof ingestBatchSchema>;

export const ingestBatchResponseSchema = z.object({
  batchId: z.string(),
  /** true when this batch id was already stored: nothing was written this time */
  duplicate: z.boolean(),
  stored: z.object({
    spans: z.number().int(),
    flows: z.number().int(),
    edgeMinutes: z.number().int(),
    nodeMinutes: z.number().int(),
    networkEdgeMinutes: z.number().int(),
  }),
});
export type IngestBatchResponse = z.infer<typeof ingestBatchResponseSchema>;

/** Error body of every /api/v1 endpoint. */
export const apiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
