// GET /api/v1/flows – raw flows of a window, newest first, filtered by source, destination, workload, verdict and port; paginated
import { flowsQuerySchema } from "@/lib/contracts/flows";
import { handle, json } from "@/lib/api/json-response";
import { clusterIdOf } from "@/lib/graph/cluster-scope";
import { listFlows } from "@/lib/graph/flows";
import { resolveWindow } from "@/lib/graph/time-window";
import { database } from "@/lib/server/context";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request) => {
  const query = flowsQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const db = await database();
  return json(await listFlows(db, query, { ...resolveWindow(query), clusterId: await clusterIdOf(db, query.cluster) }));
});
