// GET /api/v1/services/{name} – one service in a window: RED per minute, its operations, who
// calls it and whom it calls, version changes (deploy markers) and recent errors. Client-safe.
import { z } from "zod";
import { latencySchema } from "./graph";
import { NO_CONTROL_CHARACTERS } from "./names";
import { statusClassesSchema } from "./window";

export const redPointSchema = z.object({
  minuteMs: z.number(),
  calls: z.number(),
  errors: z.number(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});
export type RedPoint = z.infer<typeof redPointSchema>;

export const operationSchema = z.object({
  name: z.string(),
  spanKind: z.number().int(),
  calls: z.number(),
  errors: z.number(),
  ratePerSec: z.number(),
  errorRate: z.number(),
  latency: latencySchema,
  statusClasses: statusClassesSchema,
});

export const neighbourSchema = z.object({
  service: z.string(),
  edgeId: z.string(),
  kind: z.string(),
  calls: z.number(),
  errors: z.number(),
  ratePerSec: z.number(),
  errorRate: z.number(),
});
export type Neighbour = z.infer<typeof neighbourSchema>;

export const versionEventSchema = z.object({
  version: z.string(),
  kind: z.string(),
  instance: z.string().nullable(),
  atMs: z.number(),
});

/** An instance seen in the window's stored spans (raw spans may be sampled: a lower bound). */
export const instanceSchema = z.object({
  instance: z.string().nullable(),
  version: z.string().nullable(),
  host: z.string().nullable(),
  spans: z.number(),
  errors: z.number(),
  firstMs: z.number(),
  lastMs: z.number(),
});
export type Instance = z.infer<typeof instanceSchema>;

export const recentErrorSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  operation: z.string(),
  atMs: z.number(),
  durationMs: z.number(),
  statusMessage: z.string().nullable(),
  httpStatusCode: z.number().nullable(),
  exceptionType: z.string().nullable(),
  exceptionMessage: z.string().nullable(),
});

export const serviceDetailSchema = z.object({
  name: z.string(),
  nodeId: z.string(),
  fromMs: z.number(),
  toMs: z.number(),
  calls: z.number(),
  errors: z.number(),
  ratePerSec: z.number(),
  errorRate: z.number(),
  latency: latencySchema,
  series: z.array(redPointSchema),
  operations: z.array(operationSchema),
  callers: z.array(neighbourSchema),
  callees: z.array(neighbourSchema),
  versions: z.array(versionEventSchema),
  instances: z.array(instanceSchema),
  recentErrors: z.array(recentErrorSchema),
});
export type ServiceDetail = z.infer<typeof serviceDetailSchema>;

export const serviceNameSchema = z.string().min(1).max(512).regex(NO_CONTROL_CHARACTERS, "must not contain control characters");
