// GET /api/v1/graph – the neutral graph DTO (STYLE.md 14): nodes and edges with deterministic
// ids, every number from rollups. Client-safe: the same schema parses responses in the browser
// and verifies them in integration tests.
import { z } from "zod";
import { windowFields, windowRules } from "./window";

/**
 * application: operations (server and consumer spans) grouped under their service; edges stay
 * service to service because edge_minutes has no operation column. service: services and virtual
 * nodes. network: workloads and their flows. combined: the service layer with the flows beneath
 * every service edge (and flows that no span explains, as edges of kind "flow").
 */
export const graphLayers = ["application", "service", "network", "combined"] as const;

export const latencySchema = z.object({
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  meanMs: z.number().nullable(),
});
export type Latency = z.infer<typeof latencySchema>;

export const nodeKinds = ["service", "operation", "database", "queue", "external", "user", "workload"] as const;

/** Present only when the query asked for a baseline: how the element compares with it. */
export const compareSchema = z.object({
  status: z.enum(["new", "vanished", "both"]),
  /** the baseline's numbers; null for a new element */
  baseline: z.object({ ratePerSec: z.number(), errorRate: z.number(), p95Ms: z.number().nullable() }).nullable(),
});
export type Compare = z.infer<typeof compareSchema>;

export const graphNodeSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(nodeKinds),
  calls: z.number(),
  errors: z.number(),
  ratePerSec: z.number(),
  errorRate: z.number(),
  latency: latencySchema,
  /** application layer: the service node an operation belongs to */
  parent: z.string().optional(),
  /** application layer: the operation's service name */
  service: z.string().optional(),
  /** the cluster that reported most of the node's calls; null for virtual nodes nobody reports */
  cluster: z.string().nullable().optional(),
  /** from the spans' resource (k8s.namespace.name via the address map, else service.namespace) */
  namespace: z.string().nullable().optional(),
  compare: compareSchema.optional(),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

export const networkTotalsSchema = z.object({
  bytesPerSec: z.number(),
  flows: z.number(),
  rejects: z.number(),
  drops: z.number(),
  retransmits: z.number(),
});
export type NetworkTotals = z.infer<typeof networkTotalsSchema>;

export const graphEdgeSchema = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  kind: z.string(), // connection type: http, grpc, database, messaging, virtual, other; flow on network edges
  calls: z.number(),
  errors: z.number(),
  ratePerSec: z.number(),
  errorRate: z.number(),
  latency: latencySchema, // server side where measured, else client side
  // Client-side latency and exemplar traces are in the edge's drilldown (GET /api/v1/edges/{id}),
  // not here: at 1,500 edges they were 43 % of this answer (370 of 865 KB), which every poll
  // fetches, parses and checks, and nothing on the graph shows them.
  /** network and combined layers: what the flows beneath the edge carried */
  network: networkTotalsSchema.optional(),
  /** combined layer: the pair's flows are on this other edge of the same two services (combined-graph.ts) */
  networkOn: z.string().optional(),
  compare: compareSchema.optional(),
});
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const graphSchema = z.object({
  layer: z.enum(graphLayers),
  fromMs: z.number(),
  toMs: z.number(),
  nodes: z.array(graphNodeSchema),
  edges: z.array(graphEdgeSchema),
  /** the baseline window when one was asked for */
  baseline: z.object({ fromMs: z.number(), toMs: z.number() }).optional(),
  /** what the cluster and namespace pickers offer (before the namespace filter) */
  clusters: z.array(z.string()).optional(),
  namespaces: z.array(z.string()).optional(),
  /** the focus node was asked for but is not in this window */
  focusMissing: z.boolean().optional(),
});
export type Graph = z.infer<typeof graphSchema>;

export const BASELINE_OFFSETS = ["1h", "1d", "7d"] as const;

export const graphQuerySchema = z
  .object({
    layer: z.enum(graphLayers).default("service"),
    ...windowFields,
    namespace: z.string().min(1).max(253).optional(),
    focus: z.string().min(1).max(2048).optional(),
    hops: z.coerce.number().int().min(1).max(5).default(1),
    /** compare with the same window shifted back by this much … */
    baseline: z.enum(BASELINE_OFFSETS).optional(),
    /** … or with an absolute window (epoch ms) */
    baselineFrom: z.coerce.number().int().nonnegative().optional(),
    baselineTo: z.coerce.number().int().nonnegative().optional(),
  })
  .refine(windowRules[0][0], windowRules[0][1])
  .refine(windowRules[1][0], windowRules[1][1])
  .refine((q) => (q.baselineFrom === undefined) === (q.baselineTo === undefined), "give baselineFrom and baselineTo together")
  .refine((q) => q.baselineFrom === undefined || q.baselineTo === undefined || q.baselineFrom < q.baselineTo, "baselineFrom must be before baselineTo")
  .refine((q) => !(q.baseline && q.baselineFrom !== undefined), "give baseline or baselineFrom/baselineTo, not both");
export type GraphQuery = z.infer<typeof graphQuerySchema>;

export const nodeId = (kind: string, name: string) => `${kind}:${name}`;
export const edgeId = (source: string, target: string, kind: string) => `${source}->${target}:${kind}`;
/** Length-prefixed so no service or operation name can make two operations share an id. */
export const operationId = (service: string, operation: string) => `operation:${service.length}:${service}/${operation}`;
