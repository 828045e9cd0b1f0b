// GET /api/v1/traces – search traces in a window by service, operation, duration and errors, sorted and paged
import { traceSearchQuerySchema } from "@/lib/contracts/traces";
import { handle, json } from "@/lib/api/json-response";
import { clusterIdOf } from "@/lib/graph/cluster-scope";
import { resolveWindow } from "@/lib/graph/time-window";
import { searchTraces } from "@/lib/graph/traces";
import { database } from "@/lib/server/context";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request) => {
  const query = traceSearchQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const db = await database();
  const window = resolveWindow(query);
  const page = await searchTraces(db, query, { ...window, clusterId: await clusterIdOf(db, query.cluster) });
  return json({ ...window, offset: query.offset, ...page });
});
