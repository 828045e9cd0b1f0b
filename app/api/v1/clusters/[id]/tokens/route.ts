// POST /api/v1/clusters/{id}/tokens – issue another ingest token for a cluster (admin)
import { z } from "zod";
import { handle, json } from "@/lib/api/json-response";
import { requireAdmin } from "@/lib/clusters/admin-auth";
import { getCluster, issueToken } from "@/lib/clusters/tokens";
import { database } from "@/lib/server/context";

const params = z.object({ id: z.coerce.number().int().positive() });

export const POST = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  requireAdmin(request);
  const { id } = params.parse(await context.params);
  const db = await database();
  await getCluster(db, id); // 404 for an unknown cluster
  return json({ clusterId: id, token: await issueToken(db, id) }, 201);
});
