import "server-only";
// OTLP/HTTP trace export from an SDK or an OpenTelemetry Collector: decode, admit, pair and
// aggregate on the server, store. Answers exactly as the OTLP specification says: 200 with
// partial_success naming rejected spans (the valid rest is kept), 400 with a google.rpc.Status
// for a body that can never succeed, 429 with Retry-After when over budget (refused whole).
// A retried request is recognised by the digest of its body and stored once.
import { createHash } from "node:crypto";
import { AppError } from "@/lib/api/errors";
import type { Database } from "@/lib/db/database";
import {
  buildErrorResponse,
  buildExportResponse,
  decodeErrorResponse,
  decodeTraceRequest,
  DecodeError,
  isErrorSpan,
  type DecodeOptions,
  type OtlpEncoding,
  type OtlpHttpResponse,
} from "@/lib/otlp";
import type { Admission } from "./admission";
import type { ServerPairing } from "./server-pairing";
import { storeUnit } from "./store";

/** A UUID-shaped digest of the body: the idempotency key of a request that carries none. */
export function bodyDigestId(clusterId: number, body: Uint8Array): string {
  const h = createHash("sha256").update(String(clusterId)).update(body).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export interface OtlpIngestDeps {
  db: Database;
  admission: Admission;
  pairing: ServerPairing;
  decodeOptions: DecodeOptions;
}

/** An OTLP answer, with the Retry-After a 429 carries. */
export type OtlpAnswer = OtlpHttpResponse & { retryAfterSeconds?: number };

export async function ingestOtlp(deps: OtlpIngestDeps, clusterId: number, body: Buffer, encoding: OtlpEncoding): Promise<OtlpAnswer> {
  let decoded;
  try {
    const options = { ...deps.decodeOptions, nowMs: Date.now() };
    decoded = decodeTraceRequest(body, encoding, options);
  } catch (err) {
    if (err instanceof DecodeError) return decodeErrorResponse(err, encoding);
    throw err;
  }
  try {
    deps.admission.admitItems(decoded.spans.length);
  } catch (err) {
    if (err instanceof AppError && err.code === "rate_limited") {
      return { ...buildErrorResponse(429, err.message, encoding), retryAfterSeconds: err.retryAfterSeconds };
    }
    throw err;
  }
  const batchId = bodyDigestId(clusterId, body);
  const seen = await deps.db.query(`SELECT 1 FROM ingested_batches WHERE cluster_id = $1 AND batch_id = $2`, [clusterId, batchId]);
  if (seen.rowCount === 0 && (decoded.spans.length > 0 || decoded.rejected > 0)) {
    const spans = decoded.spans;
    // Pairing runs while PostgreSQL loads the raw rows (storeUnit's deferred rollups).
    const rollups = async () => {
      const unit = await deps.pairing.aggregateInSlices(clusterId, spans);
      if (decoded.rejected > 0) {
        unit.dataQuality = [...unit.dataQuality, { minuteMs: Math.floor(Date.now() / 60_000) * 60_000, service: "*", spansRejected: decoded.rejected }];
      }
      return unit;
    };
    await storeUnit(deps.db, { clusterId, batchId, spans, isErrorSpan, flows: [], rollups });
  }
  return buildExportResponse(decoded, encoding);
}
