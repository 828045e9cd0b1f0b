import "server-only";
// The HTTP side of OTLP trace ingest, shared by POST /v1/traces and
// POST /api/v1/otlp/v1/traces. Every failure is answered as OTLP asks: a google.rpc.Status in
// the request's encoding, with the HTTP status that tells the exporter whether to retry.
import { mapError } from "@/lib/api/errors";
import { authenticateCluster } from "@/lib/clusters/authenticate";
import { env } from "@/lib/env";
import { buildErrorResponse, otlpEncodingOf, type OtlpEncoding } from "@/lib/otlp";
import { admission, database, serverPairing } from "@/lib/server/context";
import { ingestOtlp, type OtlpAnswer } from "./otlp-ingest";
import { readBody } from "./read-body";

function toResponse(answer: OtlpAnswer): Response {
  const headers: Record<string, string> = { "content-type": answer.contentType };
  if (answer.retryAfterSeconds !== undefined) headers["retry-after"] = String(answer.retryAfterSeconds);
  return new Response(answer.body.byteLength ? Buffer.from(answer.body) : null, { status: answer.status, headers });
}

export async function handleOtlpTraces(request: Request): Promise<Response> {
  const encoding = otlpEncodingOf(request.headers.get("content-type"));
  if (!encoding) {
    return toResponse(
      buildErrorResponse(415, "content-type must be application/x-protobuf or application/json", "json"),
    );
  }
  return serve(request, encoding).catch((err: unknown) => {
    const m = mapError(err);
    return toResponse({
      ...buildErrorResponse(m.status, m.message, encoding),
      retryAfterSeconds: m.headers["retry-after"] ? Number(m.headers["retry-after"]) : undefined,
    });
  });
}

async function serve(request: Request, encoding: OtlpEncoding): Promise<Response> {
  const db = await database();
  const clusterId = await authenticateCluster(db, request);
  const release = admission().reserveBytes(Number(request.headers.get("content-length") ?? 0));
  try {
    const e = env();
    const body = await readBody(request, e.STRATA_INGEST_MAX_BODY_BYTES);
    const answer = await ingestOtlp(
      { db, admission: admission(), pairing: serverPairing(db), decodeOptions: { maxAttributeValueLength: e.STRATA_MAX_ATTRIBUTE_LENGTH } },
      clusterId,
      body,
      encoding,
    );
    return toResponse(answer);
  } finally {
    release();
  }
}
