// DELETE /api/v1/tokens/{id} – revoke an ingest token; its next request gets 401 (admin)
import { z } from "zod";
import { handle, json } from "@/lib/api/json-response";
import { requireAdmin } from "@/lib/clusters/admin-auth";
import { revokeToken } from "@/lib/clusters/tokens";
import { database } from "@/lib/server/context";

const params = z.object({ id: z.coerce.number().int().positive() });

export const DELETE = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  requireAdmin(request);
  const { id } = params.parse(await context.params);
  await revokeToken(await database(), id);
  return json({ revoked: id });
});
