// GET /api/v1/services/{name} – one service's RED, operations, neighbours, versions and recent errors
import { z } from "zod";
import { serviceNameSchema } from "@/lib/contracts/service-detail";
import { windowQuerySchema } from "@/lib/contracts/window";
import { handle, json } from "@/lib/api/json-response";
import { clusterIdOf } from "@/lib/graph/cluster-scope";
import { serviceDetail } from "@/lib/graph/service-detail";
import { resolveWindow } from "@/lib/graph/time-window";
import { database } from "@/lib/server/context";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request, context: { params: Promise<{ name: string }> }) => {
  const query = windowQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { name } = z.object({ name: serviceNameSchema }).parse(await context.params);
  const db = await database();
  return json(await serviceDetail(db, name, { ...resolveWindow(query), clusterId: await clusterIdOf(db, query.cluster) }));
});
