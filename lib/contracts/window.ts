// The time-window query fields every read endpoint shares: a relative range ending now, or an
// absolute from/to in epoch ms, optionally narrowed to one cluster. Client-safe.
import { z } from "zod";

// 9999-12-31T00:00Z: a window rounded out to whole minutes must stay inside year 9999, beyond
// which PGlite refuses the timestamp (and JavaScript dates end a little later).
const MAX_EPOCH_MS = 253_402_214_400_000;

export const windowFields = {
  from: z.coerce.number().int().nonnegative().max(MAX_EPOCH_MS).optional(),
  to: z.coerce.number().int().nonnegative().max(MAX_EPOCH_MS).optional(),
  range: z
    .string()
    .regex(/^\d{1,4}[smhd]$/, "range is a number and a unit: 15m, 1h, 24h")
    .optional(),
  cluster: z.string().max(63).optional(),
};

type WindowInput = { from?: number; to?: number; range?: string };
export const windowRules = [
  [(q: WindowInput) => !(q.range && (q.from !== undefined || q.to !== undefined)), "give range or from/to, not both"],
  [(q: WindowInput) => q.from === undefined || q.to === undefined || q.from < q.to, "from must be before to"],
] as const;

/** A window-only query (service and edge detail). */
export const windowQuerySchema = z
  .object(windowFields)
  .refine(windowRules[0][0], windowRules[0][1])
  .refine(windowRules[1][0], windowRules[1][1]);
export type WindowQuery = z.infer<typeof windowQuerySchema>;

/** Counts per status class: "2xx", "5xx", "grpc:OK", "error", "ok" … */
export const statusClassesSchema = z.record(z.string(), z.number());
