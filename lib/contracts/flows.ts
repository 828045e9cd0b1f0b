// GET /api/v1/flows – raw network flows of a window, newest first, filtered by source,
// destination, either side's workload, verdict and port, paginated by an opaque cursor.
// Client-safe: the schema parses the query in the handler and the page in the browser.
import { z } from "zod";
import { flowVerdicts } from "./flow";
import { NO_CONTROL_CHARACTERS } from "./names";
import { windowFields, windowRules } from "./window";

/** An address or a workload name as the network layer names it ("payments/api", "10.0.1.7"). */
const endpointFilter = z.string().min(1).max(512).regex(NO_CONTROL_CHARACTERS, "must not contain control characters");

export const FLOWS_PAGE_MAX = 500;

export const flowsQuerySchema = z
  .object({
    ...windowFields,
    /** the flow's source: its address, or the workload that address belonged to then */
    src: endpointFilter.optional(),
    dst: endpointFilter.optional(),
    /** either side */
    workload: endpointFilter.optional(),
    verdict: z.enum(flowVerdicts).optional(),
    port: z.coerce.number().int().min(0).max(65535).optional(),
    limit: z.coerce.number().int().min(1).max(FLOWS_PAGE_MAX).default(50),
    cursor: z.string().max(200).regex(/^[A-Za-z0-9_-]+$/, "cursor is the nextCursor of a previous page").optional(),
  })
  .refine(windowRules[0][0], windowRules[0][1])
  .refine(windowRules[1][0], windowRules[1][1]);
export type FlowsQuery = z.infer<typeof flowsQuerySchema>;

/** One side of a flow: the raw address and what the address map and the source say it was. */
export const flowEndpointSchema = z.object({
  addr: z.string(),
  port: z.number().nullable(),
  /** the workload the network layer files this address under at the flow's time */
  workload: z.string(),
  /** the service the address map puts on this address at the flow's time */
  service: z.string().nullable(),
  namespace: z.string().nullable(),
});

export const flowRecordSchema = z.object({
  startMs: z.number(),
  endMs: z.number(),
  sourceKind: z.string(),
  observer: z.string().nullable(),
  src: flowEndpointSchema,
  dst: flowEndpointSchema,
  protocol: z.number().nullable(),
  bytes: z.number(),
  packets: z.number(),
  verdict: z.enum(flowVerdicts),
  reason: z.string().nullable(),
  tcpFlags: z.number().nullable(),
  direction: z.string().nullable(),
  l7: z
    .object({ protocol: z.string().nullable(), method: z.string().nullable(), path: z.string().nullable(), status: z.number().nullable() })
    .nullable(),
  traceId: z.string().nullable(),
  vpcId: z.string().nullable(),
  subnetId: z.string().nullable(),
});
export type FlowRecord = z.infer<typeof flowRecordSchema>;

export const flowPageSchema = z.object({
  fromMs: z.number(),
  toMs: z.number(),
  flows: z.array(flowRecordSchema),
  /** pass as ?cursor= for the next (older) page; null on the last page */
  nextCursor: z.string().nullable(),
});
export type FlowPage = z.infer<typeof flowPageSchema>;

/** The cursor: the start time (epoch µs) of the page's last flow, and how many flows with that exact start time were already returned. */
export interface FlowCursor {
  beforeUs: string;
  skip: number;
}

export function encodeFlowCursor(c: FlowCursor): string {
  return `${c.beforeUs}_${c.skip}`;
}

export function decodeFlowCursor(text: string): FlowCursor | null {
  const m = /^(\d{1,17})_(\d{1,6})$/.exec(text);
  return m ? { beforeUs: m[1], skip: Number(m[2]) } : null;
}

/** TCP flag names of the OR-ed VPC-style bitmask, for display. */
export function tcpFlagNames(flags: number | null): string[] {
  if (flags === null) return [];
  const names: [number, string][] = [[2, "SYN"], [16, "ACK"], [1, "FIN"], [4, "RST"], [8, "PSH"], [32, "URG"]];
  return names.filter(([bit]) => (flags & bit) !== 0).map(([, n]) => n);
}
