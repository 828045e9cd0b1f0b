// GET /api/v1/network/nodes/{id} – one workload: traffic in and out, peers, verdicts with reasons, top talkers, mapped services
import { parseNetworkNodeRef } from "@/lib/contracts/network-detail";
import { windowQuerySchema } from "@/lib/contracts/window";
import { AppError } from "@/lib/api/errors";
import { handle, json } from "@/lib/api/json-response";
import { clusterIdOf } from "@/lib/graph/cluster-scope";
import { networkNodeDetail } from "@/lib/graph/network-detail";
import { resolveWindow } from "@/lib/graph/time-window";
import { database } from "@/lib/server/context";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const query = windowQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const name = parseNetworkNodeRef((await context.params).id);
  if (!name) throw new AppError("bad_request", `id: not a workload ("workload:name" or a name of 1 to 512 characters)`);
  const db = await database();
  return json(await networkNodeDetail(db, name, { ...resolveWindow(query), clusterId: await clusterIdOf(db, query.cluster) }));
});
