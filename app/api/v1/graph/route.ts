// GET /api/v1/graph – the graph of a time window from rollups: service layer or network layer
import { graphQuerySchema } from "@/lib/contracts/graph";
import { handle, json } from "@/lib/api/json-response";
import { clusterIdOf } from "@/lib/graph/cluster-scope";
import { networkGraph } from "@/lib/graph/network-graph";
import { serviceGraph } from "@/lib/graph/service-graph";
import { resolveWindow } from "@/lib/graph/time-window";
import { database } from "@/lib/server/context";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request) => {
  const query = graphQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const db = await database();
  const scope = { ...resolveWindow(query), clusterId: await clusterIdOf(db, query.cluster) };
  return json(query.layer === "network" ? await networkGraph(db, scope) : await serviceGraph(db, scope));
});
