// GET /api/v1/graph – the service graph of a time window, from rollups
import { graphQuerySchema } from "@/lib/contracts/graph";
import { AppError } from "@/lib/api/errors";
import { handle, json } from "@/lib/api/json-response";
import { serviceGraph } from "@/lib/graph/service-graph";
import { resolveWindow } from "@/lib/graph/time-window";
import { database } from "@/lib/server/context";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request) => {
  const query = graphQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const window = resolveWindow(query);
  const db = await database();
  let clusterId: number | null = null;
  if (query.cluster) {
    const r = await db.query<{ id: number }>(`SELECT id FROM clusters WHERE name = $1`, [query.cluster]);
    if (!r.rows[0]) throw new AppError("not_found", `no cluster named "${query.cluster}"`);
    clusterId = r.rows[0].id;
  }
  return json(await serviceGraph(db, { ...window, clusterId }));
});
