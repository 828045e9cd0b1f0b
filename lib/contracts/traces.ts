// GET /api/v1/traces (search over raw spans) and GET /api/v1/traces/{traceId} (one whole trace).
// Client-safe.
import { z } from "zod";
import { windowFields, windowRules } from "./window";

const boolParam = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1");

export const traceSearchQuerySchema = z
  .object({
    ...windowFields,
    service: z.string().min(1).max(255).optional(),
    operation: z.string().min(1).max(1000).optional(),
    minDurationMs: z.coerce.number().nonnegative().optional(),
    errorsOnly: boolParam.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine(windowRules[0][0], windowRules[0][1])
  .refine(windowRules[1][0], windowRules[1][1]);
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
  traces: z.array(traceSummarySchema),
});

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
  attributes,
  events: z.array(z.object({ timeUs: z.number(), name: z.string(), attributes })),
  links: z.array(z.object({ traceId: z.string(), spanId: z.string(), attributes })),
});
export type TraceSpan = z.infer<typeof traceSpanSchema>;

export const traceSchema = z.object({
  traceId: z.string(),
  spans: z.array(traceSpanSchema),
});
export type Trace = z.infer<typeof traceSchema>;
