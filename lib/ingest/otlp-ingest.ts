import "server-only";
// OTLP/HTTP trace export from an SDK or an OpenTelemetry Collector: decode, admit, pair and
// aggregate on the server, store. Answers exactly as the OTLP specification says: 200 with
// partial_success naming rejected spans (the valid rest is kept), 400 with a google.rpc.Status
// for a body that can never succeed, 429 with Retry-After when over budget (refused whole).
// A retried request is recognised by the digest of its body and stored once.
import { createHash } from "node:crypto";
import { AppError } from "@/lib/api/errors";
import type { NormalizedSpan } from "@/lib/contracts/span";
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
import { storeUnit, type DeferredStoreUnit } from "./store";

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

/** A decoded, admitted request: its answer, and the unit to store (null when there is nothing). */
interface Admitted {
  answer: OtlpAnswer;
  unit: DeferredStoreUnit | null;
}

/**
 * Decodes and admits a request, synchronously: the decoded spans are held only by the returned
 * unit, which storeUnit empties once they are copied and paired, so they die young (an async
 * frame would keep a local holding them alive to the end of the request).
 */
function decodeAndAdmit(deps: OtlpIngestDeps, clusterId: number, batchId: string, body: Buffer, encoding: OtlpEncoding): Admitted {
  let decoded;
  try {
    const options = { ...deps.decodeOptions, nowMs: Date.now() };
    decoded = decodeTraceRequest(body, encoding, options);
  } catch (err) {
    if (err instanceof DecodeError) return { answer: decodeErrorResponse(err, encoding), unit: null };
    throw err;
  }
  try {
    deps.admission.admitItems(decoded.spans.length);
  } catch (err) {
    if (err instanceof AppError && err.code === "rate_limited") {
      return { answer: { ...buildErrorResponse(429, err.message, encoding), retryAfterSeconds: err.retryAfterSeconds }, unit: null };
    }
    throw err;
  }
  // The answer depends on the decode alone: built now, so nothing below keeps `decoded`.
  const answer = buildExportResponse(decoded, encoding);
  const rejected = decoded.rejected;
  if (decoded.spans.length === 0 && rejected === 0) return { answer, unit: null };
  const { pairing } = deps;
  // Pairing runs while PostgreSQL loads the raw rows (storeUnit's deferred rollups).
  const rollups = async (spans: readonly NormalizedSpan[]) => {
    const unit = await pairing.aggregateInSlices(clusterId, spans);
    if (rejected > 0) {
      unit.dataQuality = [...unit.dataQuality, { minuteMs: Math.floor(Date.now() / 60_000) * 60_000, service: "*", spansRejected: rejected }];
    }
    return unit;
  };
  return { answer, unit: { clusterId, batchId, spans: decoded.spans, isErrorSpan, flows: [], rollups } };
}

export async function ingestOtlp(deps: OtlpIngestDeps, clusterId: number, body: Buffer, encoding: OtlpEncoding): Promise<OtlpAnswer> {
  const batchId = bodyDigestId(clusterId, body);
  const admitted = decodeAndAdmit(deps, clusterId, batchId, body, encoding);
  if (admitted.unit) {
    const seen = await deps.db.query(`SELECT 1 FROM ingested_batches WHERE cluster_id = $1 AND batch_id = $2`, [clusterId, batchId]);
    if (seen.rowCount === 0) await storeUnit(deps.db, admitted.unit);
  }
  return admitted.answer;
}
