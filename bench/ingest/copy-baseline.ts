// The baseline the ingest path is measured against: a plain COPY of the same span rows into the
// same raw table (same partitions, same indexes), in batches of 4,096 rows, with nothing else —
// no HTTP, no decoding, no pairing, no rollups.
import type { Database } from "@/lib/db/database";
import { ensurePartitions } from "@/lib/ingest/partitions";
import { encodeSpanRows, SPAN_COLUMNS } from "@/lib/ingest/span-rows";
import { decodeProtobufTraceRequest, isErrorSpan } from "@/lib/otlp";

export async function copyRate(db: Database, requestBody: Buffer, batches: number): Promise<number> {
  const spans = decodeProtobufTraceRequest(requestBody, { nowMs: Date.now() }).spans;
  await ensurePartitions(db, "spans", spans.map((s) => s.startUs / 1000));
  const text = encodeSpanRows(999, spans, isErrorSpan); // encoded once: the baseline is the database alone
  const t0 = performance.now();
  for (let i = 0; i < batches; i++) await db.copyFrom("spans", SPAN_COLUMNS, text);
  return (batches * spans.length) / ((performance.now() - t0) / 1000);
}
