// The contract between the collector agent and the server: POST /api/v1/ingest/batches.
// Versioned by its path; a breaking change gets /api/v2. Client-safe.
//
// The agent pairs spans and aggregates per minute before it samples, so a batch carries the
// exact aggregates plus whatever raw spans and flows survived sampling. The server stores the
// raw rows and adds the aggregates to its rollups; it never re-aggregates spans that came in a
// batch (they were counted by the agent already).
//
// Raw rows travel in one of two forms, both accepted by the server:
//   - rows:    `spans: [{traceId, spanId, …}, …]`, `flows: [...]` (the first form, still accepted);
//   - columns: `spanColumns` / `flowColumns`: `{ count, columns: { field: [value per row] } }`,
//     what the agent sends (since collector 0.2). The same values without a key name per field
//     per row: about a quarter less CPU to encode, and half the gzip bytes (19 against 42 bytes
//     a span, measured on the benchmark's spans). A column left out is null in every row (most
//     semantic-convention columns of a span are null). The server expands columns into rows
//     (rowsFromColumns) and validates them with the same row schemas; a column of the wrong
//     length, an unknown field or a bad value is a 400 that names it.
//   A server must be at least as new as its agents (upgrade servers first): an older server
//   would not know the column fields.
// Network edge rows (the flow rollup) travel the same way, `networkEdgeColumns` beside or
// instead of `networkEdgeMinutes` (agent since collector 0.3): a VPC source whose addresses
// nobody names ships about a row per line, and as objects each row's JSON was two-thirds key
// names (197 bytes a row, the cut's largest CPU cost on that path; see collectors/README.md).
//
// Idempotency: every batch carries a batchId (a UUID the agent picks once, before the first
// attempt). A batch retried after a timeout is recognised by (cluster, batchId) and acknowledged
// without being stored or counted twice.
import { z } from "zod";
import { normalizedFlowSchema } from "./flow";
import {
  edgeMinuteSchema,
  networkEdgeMinuteSchema,
  nodeMinuteSchema,
  pairingQualityMinuteSchema,
} from "./rollup";
import { normalizedSpanSchema } from "./span";

export const INGEST_BATCH_PATH = "/api/v1/ingest/batches";

/** An address seen serving or calling as a workload/service, for the time-bounded address map. */
export const addressObservationSchema = z.object({
  address: z.string().min(1).max(64),
  service: z.string().min(1).max(512).nullable(),
  workload: z.string().min(1).max(512).nullable(),
  namespace: z.string().max(256).nullable(),
  firstSeenMs: z.number().int().nonnegative(),
  lastSeenMs: z.number().int().nonnegative(),
  /** Learned from a client span's peer attributes (a database's or broker's address), not from the
   *  address's own resource: it only fills a gap, never overrides what a resource claims. */
  peer: z.boolean().optional(),
});
export type AddressObservation = z.infer<typeof addressObservationSchema>;

/** Rows of one kind in columns: `columns[field][i]` is row i's value; every column has `count` entries. */
export interface ColumnarRows {
  count: number;
  columns: Record<string, unknown[]>;
}

/** Raw rows in a batch beyond this are refused (a batch is a few thousand; the body limit binds first). */
export const MAX_COLUMNAR_ROWS = 200_000;

/** Columns of `fields`: known fields only, each of `count` values. */
export function columnarRowsSchema(fields: readonly string[]) {
  const known = new Set(fields);
  return z
    .object({
      count: z.number().int().nonnegative().max(MAX_COLUMNAR_ROWS),
      columns: z.record(z.string(), z.array(z.unknown())),
    })
    .strict()
    .superRefine((c, ctx) => {
      for (const [field, values] of Object.entries(c.columns)) {
        if (!known.has(field)) ctx.addIssue({ code: "custom", path: ["columns", field], message: `unknown field "${field}"` });
        else if (values.length !== c.count) ctx.addIssue({ code: "custom", path: ["columns", field], message: `has ${values.length} values for ${c.count} rows` });
      }
    });
}

export const SPAN_FIELDS = Object.keys(normalizedSpanSchema.shape) as readonly string[];
export const FLOW_FIELDS = Object.keys(normalizedFlowSchema.shape) as readonly string[];
export const NETWORK_EDGE_FIELDS = Object.keys(networkEdgeMinuteSchema.shape) as readonly string[];

/** Rows as columns; a column whose values are all null is left out. */
export function columnsFromRows(rows: readonly object[], fields: readonly string[]): ColumnarRows {
  const columns: Record<string, unknown[]> = {};
  const n = rows.length;
  for (const field of fields) {
    const column = new Array<unknown>(n);
    let present = false;
    for (let i = 0; i < n; i++) {
      const v = (rows[i] as Record<string, unknown>)[field] ?? null;
      column[i] = v;
      if (v !== null) present = true;
    }
    if (present) columns[field] = column;
  }
  return { count: n, columns };
}

/** Columns (validated by columnarRowsSchema(fields)) back into row objects with every field. */
export function rowsFromColumns(c: ColumnarRows, fields: readonly string[]): Record<string, unknown>[] {
  const present = fields.map((f) => c.columns[f] ?? null);
  const rows = new Array<Record<string, unknown>>(c.count);
  for (let i = 0; i < c.count; i++) {
    const row: Record<string, unknown> = {};
    for (let f = 0; f < fields.length; f++) row[fields[f]] = present[f] === null ? null : present[f]![i];
    rows[i] = row;
  }
  return rows;
}

export const ingestBatchSchema = z.object({
  batchId: z.string().uuid(),
  agent: z.object({ name: z.string().max(256), version: z.string().max(64) }),
  sentAtMs: z.number().int().nonnegative(),
  spans: z.array(normalizedSpanSchema).default([]),
  flows: z.array(normalizedFlowSchema).default([]),
  edgeMinutes: z.array(edgeMinuteSchema).default([]),
  nodeMinutes: z.array(nodeMinuteSchema).default([]),
  networkEdgeMinutes: z.array(networkEdgeMinuteSchema).default([]),
  pairingQuality: z.array(pairingQualityMinuteSchema).default([]),
  addresses: z.array(addressObservationSchema).default([]),
  /** what the agent counted but did not ship as raw rows (sampling, drops), for data quality */
  stats: z
    .object({
      spansSampledOut: z.number().int().nonnegative().default(0),
      spansRejected: z.number().int().nonnegative().default(0),
      flowLinesRejected: z.number().int().nonnegative().default(0),
    })
    .default({ spansSampledOut: 0, spansRejected: 0, flowLinesRejected: 0 }),
});
export type IngestBatch = z.infer<typeof ingestBatchSchema>;

/** The columnar part of a batch on the wire; parseIngestBatch adds it to `spans` / `flows` /
 *  `networkEdgeMinutes`. */
const columnarPartSchema = z.object({
  spanColumns: columnarRowsSchema(SPAN_FIELDS).optional(),
  flowColumns: columnarRowsSchema(FLOW_FIELDS).optional(),
  networkEdgeColumns: columnarRowsSchema(NETWORK_EDGE_FIELDS).optional(),
});

/**
 * A batch as sent (rows, columns or both) → the rows form, validated; throws a ZodError whose
 * path names the culprit (`spanColumns.columns.foo`, `spans.12.traceId`).
 */
export function parseIngestBatch(value: unknown): IngestBatch {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return ingestBatchSchema.parse(value);
  const { spanColumns, flowColumns, networkEdgeColumns, ...rest } = value as Record<string, unknown>;
  if (spanColumns === undefined && flowColumns === undefined && networkEdgeColumns === undefined) return ingestBatchSchema.parse(rest);
  const columns = columnarPartSchema.parse({ spanColumns, flowColumns, networkEdgeColumns });
  const listed = (v: unknown) => (Array.isArray(v) ? v : []);
  return ingestBatchSchema.parse({
    ...rest,
    spans: columns.spanColumns ? [...listed(rest.spans), ...rowsFromColumns(columns.spanColumns, SPAN_FIELDS)] : rest.spans,
    flows: columns.flowColumns ? [...listed(rest.flows), ...rowsFromColumns(columns.flowColumns, FLOW_FIELDS)] : rest.flows,
    networkEdgeMinutes: columns.networkEdgeColumns
      ? [...listed(rest.networkEdgeMinutes), ...rowsFromColumns(columns.networkEdgeColumns, NETWORK_EDGE_FIELDS)]
      : rest.networkEdgeMinutes,
  });
}

export const ingestBatchResponseSchema = z.object({
  batchId: z.string(),
  /** true when this batch id was already stored: nothing was written this time */
  duplicate: z.boolean(),
  stored: z.object({
    spans: z.number().int(),
    flows: z.number().int(),
    edgeMinutes: z.number().int(),
    nodeMinutes: z.number().int(),
    networkEdgeMinutes: z.number().int(),
  }),
});
export type IngestBatchResponse = z.infer<typeof ingestBatchResponseSchema>;

/** Error body of every /api/v1 endpoint. */
export const apiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
