// GET /api/v1/services/{name}/operation?operation=…&spanKind=… – one operation's RED per minute and over the window
import { z } from "zod";
import { operationQuerySchema } from "@/lib/contracts/operation-detail";
import { serviceNameSchema } from "@/lib/contracts/service-detail";
import { handle, json } from "@/lib/api/json-response";
import { clusterIdOf } from "@/lib/graph/cluster-scope";
import { operationDetail } from "@/lib/graph/operation-detail";
import { resolveWindow } from "@/lib/graph/time-window";
import { database } from "@/lib/server/context";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request, context: { params: Promise<{ name: string }> }) => {
  const query = operationQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { name } = z.object({ name: serviceNameSchema }).parse(await context.params);
  const db = await database();
  return json(await operationDetail(db, name, query.operation, query.spanKind, { ...resolveWindow(query), clusterId: await clusterIdOf(db, query.cluster) }));
});
