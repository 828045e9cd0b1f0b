// GET /api/v1/clusters – list clusters and their tokens (admin)
// POST /api/v1/clusters – create a cluster; answers its first ingest token, shown this once (admin)
import { z } from "zod";
import { handle, json } from "@/lib/api/json-response";
import { requireAdmin } from "@/lib/clusters/admin-auth";
import { createCluster, listClusters } from "@/lib/clusters/tokens";
import { database } from "@/lib/server/context";

const createBody = z.object({ name: z.string() });

export const GET = handle(async (request: Request) => {
  requireAdmin(request);
  return json({ clusters: await listClusters(await database()) });
});

export const POST = handle(async (request: Request) => {
  requireAdmin(request);
  const { name } = createBody.parse(await request.json().catch(() => null));
  return json(await createCluster(await database(), name), 201);
});
