// The simulator's faults as the outside sees them: the demo panel (GET/POST /api/v1/demo/faults)
// and the ground truth the root-cause benchmark scores against (`ground-truth.json` beside the
// simulator's flow logs). Each fault names its layer and its target — the answer a root-cause
// engine should give. Client-safe.
import { z } from "zod";

/** Where the cause lives: in one operation's code, in a service or dependency, or on the network path. */
export const faultLayers = ["application", "service", "network"] as const;
export const faultLayerSchema = z.enum(faultLayers);
export type FaultLayer = z.infer<typeof faultLayerSchema>;

/** The culprit: a service (and an operation of it, or the version that fails), or a client → server edge. */
export const faultTargetSchema = z
  .object({
    service: z.string().optional(),
    operation: z.string().optional(),
    edge: z.object({ client: z.string(), server: z.string() }).optional(),
    /** bad-deploy: the service.version that fails */
    version: z.string().optional(),
  })
  .refine((t) => t.service !== undefined || t.edge !== undefined, { message: "a fault target names a service or an edge" });
export type FaultTarget = z.infer<typeof faultTargetSchema>;

export const demoFaultSchema = z.object({
  id: z.string(),
  name: z.string(),
  layer: faultLayerSchema,
  target: faultTargetSchema,
  startMs: z.number(),
  endMs: z.number(),
  description: z.string(),
  /** what a root-cause tool should find in the stored data */
  signals: z.array(z.string()),
});
export type DemoFault = z.infer<typeof demoFaultSchema>;

export const demoCatalogueEntrySchema = z.object({
  name: z.string(),
  layer: faultLayerSchema,
  defaultTarget: z.string(),
  description: z.string(),
  signals: z.array(z.string()),
});

export const demoStateSchema = z.object({
  /** false when no simulator answers (real use): the panel hides itself */
  available: z.boolean(),
  faults: z.array(demoFaultSchema),
  catalogue: z.array(demoCatalogueEntrySchema),
});
export type DemoState = z.infer<typeof demoStateSchema>;

/** `ground-truth.json`: every fault of a simulator run, with ISO times beside the epoch ones. */
export const groundTruthSchema = z.object({
  seed: z.union([z.number(), z.string()]),
  topology: z.string(),
  faults: z.array(demoFaultSchema.extend({ startTime: z.string(), endTime: z.string() })),
});
export type GroundTruth = z.infer<typeof groundTruthSchema>;

export const startFaultSchema = z.object({
  name: z.string().min(1).max(64),
  target: z.string().max(200).optional(),
  duration: z
    .string()
    .regex(/^\d{1,4}[smh]$/, "duration is a number and a unit: 30s, 5m, 1h")
    .optional(),
});
