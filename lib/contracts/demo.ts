// GET/POST /api/v1/demo/faults – the demo panel's view of the simulator that `npm start` runs.
// Client-safe.
import { z } from "zod";

export const demoFaultSchema = z.object({
  id: z.string(),
  name: z.string(),
  layer: z.string(),
  target: z.record(z.string(), z.unknown()),
  startMs: z.number(),
  endMs: z.number(),
  description: z.string(),
});
export type DemoFault = z.infer<typeof demoFaultSchema>;

export const demoCatalogueEntrySchema = z.object({
  name: z.string(),
  layer: z.string(),
  defaultTarget: z.string(),
  description: z.string(),
});

export const demoStateSchema = z.object({
  /** false when no simulator answers (real use): the panel hides itself */
  available: z.boolean(),
  faults: z.array(demoFaultSchema),
  catalogue: z.array(demoCatalogueEntrySchema),
});
export type DemoState = z.infer<typeof demoStateSchema>;

export const startFaultSchema = z.object({
  name: z.string().min(1).max(64),
  target: z.string().max(200).optional(),
  duration: z
    .string()
    .regex(/^\d{1,4}[smh]$/, "duration is a number and a unit: 30s, 5m, 1h")
    .optional(),
});
