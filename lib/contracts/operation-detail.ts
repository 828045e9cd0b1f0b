// GET /api/v1/services/{name}/operation?operation=…&spanKind=… – one operation of a service in a
// window: its RED per minute and totals, from node_minutes. Client-safe.
import { z } from "zod";
import { NO_CONTROL_CHARACTERS } from "./names";
import { operationSchema, redPointSchema } from "./service-detail";
import { windowFields, windowRules } from "./window";

export const operationQuerySchema = z
  .object({
    ...windowFields,
    operation: z.string().min(1).max(1000).regex(NO_CONTROL_CHARACTERS, "must not contain control characters"),
    /** OTLP span kind (0–5): an operation name is only unique with its kind */
    spanKind: z.coerce.number().int().min(0).max(5),
  })
  .refine(windowRules[0][0], windowRules[0][1])
  .refine(windowRules[1][0], windowRules[1][1]);
export type OperationQuery = z.infer<typeof operationQuerySchema>;

/** The operations table's row (name, kind, RED, status classes) with its window and RED per minute. */
export const operationDetailSchema = operationSchema.extend({
  service: z.string(),
  fromMs: z.number(),
  toMs: z.number(),
  series: z.array(redPointSchema),
});
export type OperationDetail = z.infer<typeof operationDetailSchema>;
