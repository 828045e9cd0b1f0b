// GET /api/v1/edges/{id} – one caller → callee edge in a window: client- and server-side latency
// histograms (bucket counts on the shared bounds of ./histogram), status classes, calls and
// errors per minute, exemplar traces, and the network flows beneath it. Client-safe.
import { z } from "zod";
import { latencySchema } from "./graph";
import { NO_CONTROL_CHARACTERS } from "./names";
import { statusClassesSchema } from "./window";

export const histogramSchema = z.object({
  counts: z.array(z.number()),
  count: z.number(),
  sumUs: z.number(),
});

export const flowSummarySchema = z.object({
  srcAddr: z.string(),
  dstAddr: z.string(),
  dstPort: z.number().nullable(),
  protocol: z.number().nullable(),
  verdict: z.string(),
  reason: z.string().nullable(),
  flows: z.number(),
  bytes: z.number(),
  packets: z.number(),
});

export const edgeDetailSchema = z.object({
  id: z.string(),
  client: z.string(),
  server: z.string(),
  kind: z.string(),
  fromMs: z.number(),
  toMs: z.number(),
  calls: z.number(),
  errors: z.number(),
  ratePerSec: z.number(),
  errorRate: z.number(),
  clientHistogram: histogramSchema,
  serverHistogram: histogramSchema,
  clientLatency: latencySchema,
  serverLatency: latencySchema,
  statusClasses: statusClassesSchema,
  /** exact codes where spans store them: HTTP status ("503") or gRPC status ("grpc:UNAVAILABLE") */
  statusCodes: z.record(z.string(), z.number()),
  series: z.array(z.object({ minuteMs: z.number(), calls: z.number(), errors: z.number() })),
  exemplars: z.array(z.string()),
  network: z.object({
    flows: z.number(),
    bytes: z.number(),
    packets: z.number(),
    rejects: z.number(),
    /** from the network rollups between the services' workloads */
    retransmits: z.number(),
    top: z.array(flowSummarySchema),
    /** the network-layer edges beneath the call (ids open the network edge panel) */
    edges: z.array(z.object({ id: z.string(), src: z.string(), dst: z.string(), flows: z.number(), bytes: z.number(), rejects: z.number(), drops: z.number(), retransmits: z.number() })),
  }),
});
export type EdgeDetail = z.infer<typeof edgeDetailSchema>;

/**
 * An edge is named by its graph id ("service:web->service:catalog:http") or by
 * "client,server,type" (service names, as in the rollups).
 */
export function parseEdgeRef(ref: string): { client: string; server: string; kind: string } | null {
  // Names are at most 512 characters (the rollup contract) and never hold control characters.
  if (ref.length > 1100 || !NO_CONTROL_CHARACTERS.test(ref)) return null;
  const comma = ref.split(",");
  if (comma.length === 3 && comma.every((p) => p.length > 0)) return { client: comma[0], server: comma[1], kind: comma[2] };
  const arrow = ref.indexOf("->");
  if (arrow < 0) return null;
  const source = ref.slice(0, arrow);
  const rest = ref.slice(arrow + 2);
  const lastColon = rest.lastIndexOf(":");
  if (lastColon < 0) return null;
  const nameOf = (id: string) => (id.includes(":") ? id.slice(id.indexOf(":") + 1) : "");
  const client = nameOf(source);
  const server = nameOf(rest.slice(0, lastColon));
  const kind = rest.slice(lastColon + 1);
  return client && server && kind ? { client, server, kind } : null;
}
