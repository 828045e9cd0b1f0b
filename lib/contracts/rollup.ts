// Per-minute aggregates: the read model. The collector computes them before any sampling and
// ships them; the server computes the same from spans that reach it straight from SDKs. Both use
// lib/pairing and lib/rollup, so the numbers agree. Client-safe.
import { z } from "zod";
import { BUCKET_COUNT, type Histogram } from "./histogram";

export const connectionTypes = ["http", "grpc", "database", "messaging", "virtual", "other"] as const;
export type ConnectionType = (typeof connectionTypes)[number];

/** One caller → callee edge in one minute. */
export interface EdgeMinute {
  minuteMs: number; // start of the minute, epoch ms
  client: string;
  server: string;
  connectionType: ConnectionType;
  calls: number;
  errors: number;
  clientLatency: Histogram;
  serverLatency: Histogram;
  /** producer end → consumer start, messaging edges only */
  queueLatency: Histogram | null;
  /** up to EXEMPLAR_LIMIT trace ids, errors first */
  exemplars: string[];
}

/** One service (or one operation of it, when operation is set) in one minute. */
export interface NodeMinute {
  minuteMs: number;
  service: string;
  /** null for the whole service; span name / http.route / rpc.method otherwise */
  operation: string | null;
  /** span kind of the operation (2 server, 3 client, …); 0 for the whole-service row */
  spanKind: number;
  calls: number;
  errors: number;
  duration: Histogram;
  /** counts by status class: "2xx", "4xx", "5xx", "grpc:OK", "grpc:UNAVAILABLE", "error", "ok" */
  statusClasses: Record<string, number>;
}

/** Source workload → destination workload:port in one minute, from flows. */
export interface NetworkEdgeMinute {
  minuteMs: number;
  srcWorkload: string;
  dstWorkload: string;
  dstPort: number; // 0 when the source has no port
  protocol: number; // 0 when unknown
  flows: number;
  bytes: number;
  packets: number;
  rejects: number;
  drops: number;
  retransmits: number; // TCP signals of loss: repeated SYNs, RSTs
  l7Errors: number;
}

/** Spans that could not be paired, per minute and reason: the data-quality figure. */
export interface PairingQualityMinute {
  minuteMs: number;
  service: string;
  paired: number;
  virtual: number;
  expired: number;
  dropped: number; // refused because the wait store was full
}

export const EXEMPLAR_LIMIT = 5;

export const histogramSchema = z.object({
  counts: z.array(z.number().int().nonnegative()).length(BUCKET_COUNT),
  count: z.number().int().nonnegative(),
  sumUs: z.number().nonnegative(),
});

const name = z.string().min(1).max(512);
const minuteMs = z.number().int().nonnegative().refine((v) => v % 60_000 === 0, "must be the start of a minute");
const count = z.number().int().nonnegative();

export const edgeMinuteSchema = z.object({
  minuteMs,
  client: name,
  server: name,
  connectionType: z.enum(connectionTypes),
  calls: count,
  errors: count,
  clientLatency: histogramSchema,
  serverLatency: histogramSchema,
  queueLatency: histogramSchema.nullable(),
  exemplars: z.array(z.string().regex(/^[0-9a-f]{32}$/)).max(EXEMPLAR_LIMIT),
}) satisfies z.ZodType<EdgeMinute>;

export const nodeMinuteSchema = z.object({
  minuteMs,
  service: name,
  operation: name.nullable(),
  spanKind: z.number().int().min(0).max(5),
  calls: count,
  errors: count,
  duration: histogramSchema,
  statusClasses: z.record(z.string().max(64), count),
}) satisfies z.ZodType<NodeMinute>;

export const networkEdgeMinuteSchema = z.object({
  minuteMs,
  srcWorkload: name,
  dstWorkload: name,
  dstPort: z.number().int().min(0).max(65535),
  protocol: z.number().int().min(0).max(255),
  flows: count,
  bytes: count,
  packets: count,
  rejects: count,
  drops: count,
  retransmits: count,
  l7Errors: count,
}) satisfies z.ZodType<NetworkEdgeMinute>;

export const pairingQualityMinuteSchema = z.object({
  minuteMs,
  service: name,
  paired: count,
  virtual: count,
  expired: count,
  dropped: count,
}) satisfies z.ZodType<PairingQualityMinute>;
