// GET /api/v1/graph – the graph of a time window from rollups: application, service, network or
// combined layer, optionally compared with a baseline and narrowed by namespace or focus.
import { graphQuerySchema } from "@/lib/contracts/graph";
import { handle, json } from "@/lib/api/json-response";
import { buildGraph } from "@/lib/graph/build-graph";
import { database } from "@/lib/server/context";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request) => {
  const query = graphQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json(await buildGraph(await database(), query));
});
