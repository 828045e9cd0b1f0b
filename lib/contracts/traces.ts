// GET /api/v1/traces (search over raw spans) and GET /api/v1/traces/{traceId} (one whole trace).
// Client-safe.
import { z } from "zod";
import { windowFields, windowRules } from "./window";

const boolParam = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1");

/** Server-side orders: by the newest matching span's start, or by the longest matching span. */
export const traceSortKeys = ["newest", "oldest", "longest", "shortest"] as const;
export type TraceSort = (typeof traceSortKeys)[number];

/** Deepest page a search may ask for: past it, narrow the window or the filters instead. */
export const MAX_SEARCH_OFFSET = 10_000;

// Service, operation, duration and errors apply to single spans (as in Jaeger): a trace matches
// when one of its spans does. An operation is only unique within a service, and the
// (cluster, service, start_time) index is what makes it cheap, so operation needs a service.
export const traceSearchQuerySchema = z
  .object({
    ...windowFields,
    service: z.string().min(1).max(255).optional(),
    operation: z.string().min(1).max(1000).optional(),
    minDurationMs: z.coerce.number().nonnegative().max(86_400_000).optional(),
    maxDurationMs: z.coerce.number().nonnegative().max(86_400_000).optional(),
    errorsOnly: boolParam.optional(),
    sort: z.enum(traceSortKeys).default("newest"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(MAX_SEARCH_OFFSET).default(0),
  })
  .refine(windowRules[0][0], windowRules[0][1])
  .refine(windowRules[1][0], windowRules[1][1])
  .refine((q) => !q.operation || q.service, { message: "operation needs a service", path: ["operation"] })
  .refine((q) => q.minDurationMs === undefined || q.maxDurationMs === undefined || q.minDurationMs <= q.maxDurationMs, {
    message: "minDurationMs must not exceed maxDurationMs",
    path: ["minDurationMs"],
  });
export type TraceSearchQuery = z.infer<typeof traceSearchQuerySchema>;

export const traceSummarySchema = z.object({
  traceId: z.string(),
  rootService: z.string().nullable(),
  rootOperation: z.string().nullable(),
  startMs: z.number(),
  durationMs: z.number(),
  spanCount: z.number(),
  errorCount: z.number(),
  services: z.array(z.string()),
});
export type TraceSummary = z.infer<typeof traceSummarySchema>;

export const traceSearchSchema = z.object({
  fromMs: z.number(),
  toMs: z.number(),
  offset: z.number(),
  /** another page follows this one */
  hasMore: z.boolean(),
  traces: z.array(traceSummarySchema),
});
export type TraceSearch = z.infer<typeof traceSearchSchema>;

/** GET /api/v1/traces/services: the services with rollups in the window, for the search form. */
export const traceServicesSchema = z.object({ services: z.array(z.string()) });

export const traceIdSchema = z.string().regex(/^[0-9a-f]{32}$/, "a trace id is 32 lowercase hex digits");

const attributes = z.record(z.string(), z.unknown());
export const traceSpanSchema = z.object({
  spanId: z.string(),
  parentSpanId: z.string().nullable(),
  service: z.string(),
  name: z.string(),
  kind: z.number().int(),
  startUs: z.number(),
  durationUs: z.number(),
  statusCode: z.number().int(),
  statusMessage: z.string().nullable(),
  isError: z.boolean(),
  /** every span attribute: the semantic-convention ones kept as columns, merged with the rest */
  attributes,
  /** the resource: service version and instance, Kubernetes, host and cloud, then the rest */
  resource: attributes,
  events: z.array(z.object({ timeUs: z.number(), name: z.string(), attributes })),
  links: z.array(z.object({ traceId: z.string(), spanId: z.string(), attributes })),
});
export type TraceSpan = z.infer<typeof traceSpanSchema>;

export const traceSchema = z.object({
  traceId: z.string(),
  /** the trace had more spans than a response carries; the first ones by start time are shown */
  truncated: z.boolean(),
  /** the traces this one links to that are stored (a link to any other one cannot be followed) */
  linkedTraceIds: z.array(z.string()),
  spans: z.array(traceSpanSchema),
});
export type Trace = z.infer<typeof traceSchema>;
