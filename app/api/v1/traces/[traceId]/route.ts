// GET /api/v1/traces/{traceId} – every span of one trace with its events and links
import { z } from "zod";
import { traceIdSchema } from "@/lib/contracts/traces";
import { handle, json } from "@/lib/api/json-response";
import { clusterIdOf } from "@/lib/graph/cluster-scope";
import { fetchTrace } from "@/lib/graph/traces";
import { database } from "@/lib/server/context";

export const dynamic = "force-dynamic";

const querySchema = z.object({ cluster: z.string().max(63).optional() });

export const GET = handle(async (request: Request, context: { params: Promise<{ traceId: string }> }) => {
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const traceId = z.object({ traceId: traceIdSchema }).parse(await context.params).traceId;
  const db = await database();
  return json(await fetchTrace(db, traceId, await clusterIdOf(db, query.cluster)));
});
