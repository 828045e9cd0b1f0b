// DELETE /api/v1/demo/faults/{id} – end an injected fault now
import { z } from "zod";
import { handle, json } from "@/lib/api/json-response";
import { stopFault } from "@/lib/demo/simulator-control";

const params = z.object({ id: z.string().min(1).max(100) });

export const DELETE = handle(async (_request: Request, context: { params: Promise<{ id: string }> }) => {
  const { id } = params.parse(await context.params);
  return json(await stopFault(id));
});
