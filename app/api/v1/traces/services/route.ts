// GET /api/v1/traces/services – the services with traffic in a window, for the trace search form
import { windowQuerySchema } from "@/lib/contracts/window";
import { handle, json } from "@/lib/api/json-response";
import { clusterIdOf } from "@/lib/graph/cluster-scope";
import { resolveWindow } from "@/lib/graph/time-window";
import { traceServices } from "@/lib/graph/traces";
import { database } from "@/lib/server/context";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request) => {
  const query = windowQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const db = await database();
  const window = resolveWindow(query);
  return json({ services: await traceServices(db, { ...window, clusterId: await clusterIdOf(db, query.cluster) }) });
});
