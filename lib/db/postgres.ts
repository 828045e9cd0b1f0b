import "server-only";
// Database over a real PostgreSQL through a `pg` pool. COPY uses pg-copy-streams on a pooled
// client, inside the caller's transaction when there is one.
import pg from "pg";
import { from as copyFromStream } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { copyStatement, type CopyText, type Database, type Queryable, type QueryResult } from "./database";

// int8 → number for Strata's own queries: counts and microsecond times stay below 2^53 for
// centuries. Set on this pool only; a process-wide pg.types change would also change what
// Prisma's adapter and the migration engine read (a sequence's max_value is 2^63 - 1).
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresDatabase extends Database {
  readonly kind: "postgres";
  /** The pool, for Prisma's adapter to share. */
  readonly pool: pg.Pool;
}

async function copyWith(client: pg.PoolClient, table: string, columns: readonly string[], text: CopyText) {
  const stream = client.query(copyFromStream(copyStatement(table, columns, "STDIN")));
  const source = typeof text === "string" ? [Buffer.from(text, "utf8")] : text instanceof Uint8Array ? [text] : text;
  await pipeline(Readable.from(source), stream);
}

const isEmpty = (text: CopyText) => (typeof text === "string" || text instanceof Uint8Array) && text.length === 0;

function clientQueryable(client: pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> {
      const r = await client.query(sql, params);
      return { rows: r.rows as Row[], rowCount: r.rowCount ?? 0 };
    },
    async copyFrom(table, columns, text) {
      if (!isEmpty(text)) await copyWith(client, table, columns, text);
    },
    async exec(script) {
      await client.query(script);
    },
  };
}

export function openPostgres(connectionString: string, poolSize: number): PostgresDatabase {
  // JIT off for every connection: Strata's queries are short, and JIT compiled the graph's
  // window reads on every call (35–600 ms of code emission under load, bench/README "UI").
  const pool = new pg.Pool({ connectionString, max: poolSize, application_name: "strata", types, options: "-c jit=off" });
  // An idle client that errors (server restart) must not crash the process; the pool drops it.
  pool.on("error", (err) => console.error("[db] idle client error:", err.message));
  return {
    kind: "postgres",
    pool,
    async query<Row>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> {
      const r = await pool.query(sql, params);
      return { rows: r.rows as Row[], rowCount: r.rowCount ?? 0 };
    },
    async copyFrom(table, columns, text) {
      if (isEmpty(text)) return;
      const client = await pool.connect();
      try {
        await copyWith(client, table, columns, text);
      } finally {
        client.release();
      }
    },
    async exec(script) {
      await pool.query(script);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(clientQueryable(client));
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
