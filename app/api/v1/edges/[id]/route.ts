// GET /api/v1/edges/{id} – one edge (graph id or "client,server,type"): latency histograms, status classes, flows
import { parseEdgeRef } from "@/lib/contracts/edge-detail";
import { windowQuerySchema } from "@/lib/contracts/window";
import { AppError } from "@/lib/api/errors";
import { handle, json } from "@/lib/api/json-response";
import { clusterIdOf } from "@/lib/graph/cluster-scope";
import { edgeDetail } from "@/lib/graph/edge-detail";
import { resolveWindow } from "@/lib/graph/time-window";
import { database } from "@/lib/server/context";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const query = windowQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const ref = parseEdgeRef((await context.params).id);
  if (!ref) throw new AppError("bad_request", `id: not an edge id ("a->b:kind" or "client,server,type")`);
  const db = await database();
  return json(await edgeDetail(db, ref, { ...resolveWindow(query), clusterId: await clusterIdOf(db, query.cluster) }));
});
