import "server-only";
// Database over the embedded PGlite (PostgreSQL 18 in wasm, in a data folder). A data folder
// belongs to one process, the server; the CLI, the collector and the simulator talk to the
// server over HTTP instead of opening it (DESIGN.md).
// PGlite is one connection: queries are serialised by PGlite itself, and a transaction holds it.
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { mkdirSync } from "node:fs";
import { copyStatement, type Database, type Queryable, type QueryResult } from "./database";

export interface PgliteDatabase extends Database {
  readonly kind: "pglite";
  /** The instance, for Prisma's PGlite adapter to share. */
  readonly pglite: PGlite;
}

type Runner = Pick<PGlite, "query" | "exec"> | Transaction;

// int8 (OID 20) as number rather than BigInt, as in lib/db/postgres.ts.
const parsers = { 20: (v: string) => Number(v) };

function queryableOf(runner: Runner): Queryable {
  return {
    async query<Row>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> {
      const r = await runner.query<Row>(sql, params as unknown[], { parsers });
      // affectedRows is 0 for a SELECT; rows that came back count, as in pg.
      return { rows: r.rows, rowCount: r.rows.length || (r.affectedRows ?? 0) };
    },
    async copyFrom(table, columns, text) {
      // In-process COPY reads from the virtual file /dev/blob (STACK-NOTES: about 1.5x INSERT);
      // PGlite runs on this thread, so chunks are simply gathered first.
      const parts: BlobPart[] = [];
      if (typeof text === "string" || text instanceof Uint8Array) parts.push(text as string | Uint8Array<ArrayBuffer>);
      else for await (const chunk of text) parts.push(chunk as Uint8Array<ArrayBuffer>);
      const blob = new Blob(parts);
      if (!blob.size) return;
      await runner.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob });
    },
    async exec(script) {
      await runner.exec(script);
    },
  };
}

export async function openPglite(dataDir: string): Promise<PgliteDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir });
  const base = queryableOf(pglite);
  return {
    kind: "pglite",
    pglite,
    query: base.query,
    copyFrom: base.copyFrom,
    exec: base.exec,
    transaction: (fn) => pglite.transaction((tx) => fn(queryableOf(tx))),
    close: () => pglite.close(),
  };
}
