// GET /api/v1/network/edges/{id} – one workload → workload edge: traffic per minute and port, verdicts with reasons, top talkers, mapped services
import { parseNetworkEdgeRef } from "@/lib/contracts/network-detail";
import { windowQuerySchema } from "@/lib/contracts/window";
import { AppError } from "@/lib/api/errors";
import { handle, json } from "@/lib/api/json-response";
import { clusterIdOf } from "@/lib/graph/cluster-scope";
import { networkEdgeDetail } from "@/lib/graph/network-detail";
import { resolveWindow } from "@/lib/graph/time-window";
import { database } from "@/lib/server/context";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const query = windowQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const ref = parseNetworkEdgeRef((await context.params).id);
  if (!ref) throw new AppError("bad_request", `id: not a network edge id ("workload:a->workload:b:flow" or "a,b")`);
  const db = await database();
  return json(await networkEdgeDetail(db, ref, { ...resolveWindow(query), clusterId: await clusterIdOf(db, query.cluster) }));
});
