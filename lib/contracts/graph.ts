// GET /api/v1/graph – the neutral graph DTO (STYLE.md 14): nodes and edges with deterministic
// ids, every number from rollups. Client-safe: the same schema parses responses in the browser
// and verifies them in integration tests.
import { z } from "zod";
import { windowFields, windowRules } from "./window";

export const graphLayers = ["service", "network"] as const;

export const latencySchema = z.object({
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  meanMs: z.number().nullable(),
});
export type Latency = z.infer<typeof latencySchema>;

export const nodeKinds = ["service", "database", "external", "user", "workload"] as const;

export const graphNodeSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(nodeKinds),
  calls: z.number(),
  errors: z.number(),
  ratePerSec: z.number(),
  errorRate: z.number(),
  latency: latencySchema,
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

export const graphEdgeSchema = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  kind: z.string(), // connection type: http, grpc, database, messaging, virtual, other
  calls: z.number(),
  errors: z.number(),
  ratePerSec: z.number(),
  errorRate: z.number(),
  latency: latencySchema, // server side where measured, else client side
  clientLatency: latencySchema,
  exemplars: z.array(z.string()),
  /** network layer only: what the flows beneath the edge carried */
  network: z
    .object({ bytesPerSec: z.number(), flows: z.number(), rejects: z.number(), drops: z.number(), retransmits: z.number() })
    .optional(),
});
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const graphSchema = z.object({
  layer: z.enum(graphLayers),
  fromMs: z.number(),
  toMs: z.number(),
  nodes: z.array(graphNodeSchema),
  edges: z.array(graphEdgeSchema),
});
export type Graph = z.infer<typeof graphSchema>;

export const graphQuerySchema = z
  .object({ layer: z.enum(graphLayers).default("service"), ...windowFields })
  .refine(windowRules[0][0], windowRules[0][1])
  .refine(windowRules[1][0], windowRules[1][1]);
export type GraphQuery = z.infer<typeof graphQuerySchema>;

export const nodeId = (kind: string, name: string) => `${kind}:${name}`;
export const edgeId = (source: string, target: string, kind: string) => `${source}->${target}:${kind}`;
