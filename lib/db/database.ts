// The one interface the server's hand-written SQL goes through, whichever PostgreSQL is behind
// it: a real server through `pg` (lib/db/postgres.ts) or the embedded PGlite (lib/db/pglite.ts).
// Prisma Client (lib/db/prisma.ts) sits on the same connection for ordinary CRUD.
// Keep SQL to what both PostgreSQL 15 and PGlite's PostgreSQL 18 accept.

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

/**
 * COPY text-format rows, as a string or as its UTF-8 bytes, or as chunks of whole rows that are
 * still being encoded: a real server starts loading the first chunk while later ones are made.
 */
export type CopyText = string | Uint8Array | AsyncIterable<Uint8Array>;

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
  /**
   * Bulk-loads rows with COPY … FROM in text format. `text` is already encoded, as a string
   * (lib/db/copy-text.ts) or as UTF-8 bytes (lib/db/copy-buffer.ts), or arrives as chunks of
   * whole rows; the statement names the table and columns.
   */
  copyFrom(table: string, columns: readonly string[], text: CopyText): Promise<void>;
  /** Runs a multi-statement script (simple protocol, no parameters): migrations only. */
  exec(script: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: "postgres" | "pglite";
  /** Runs fn in one transaction: everything it wrote commits together or not at all. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Builds the COPY statement both drivers use; identifiers come from code, never from input. */
export function copyStatement(table: string, columns: readonly string[], source: string): string {
  const cols = columns.map((c) => `"${c}"`).join(", ");
  return `COPY "${table}" (${cols}) FROM ${source}`;
}
