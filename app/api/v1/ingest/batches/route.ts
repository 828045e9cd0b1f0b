// POST /api/v1/ingest/batches – a collector agent ships spans, flows and per-minute aggregates
import { handle, json } from "@/lib/api/json-response";
import { authenticateCluster } from "@/lib/clusters/authenticate";
import { env } from "@/lib/env";
import { ingestBatch } from "@/lib/ingest/ingest-batch";
import { readBody } from "@/lib/ingest/read-body";
import { admission, database } from "@/lib/server/context";

export const POST = handle(async (request: Request) => {
  const db = await database();
  const clusterId = await authenticateCluster(db, request);
  const release = admission().reserveBytes(Number(request.headers.get("content-length") ?? 0));
  try {
    const body = await readBody(request, env().STRATA_INGEST_MAX_BODY_BYTES);
    return json(await ingestBatch(db, admission(), clusterId, body));
  } finally {
    release();
  }
});
