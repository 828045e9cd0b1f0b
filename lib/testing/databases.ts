// Test databases: a fresh PostgreSQL database per test file (on the server named by
// STRATA_TEST_DATABASE_URL, default the local test server) and a fresh PGlite folder per file.
// Each is migrated with the real runner and removed afterwards; tests never share state.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "@/lib/db";
import type { Database } from "@/lib/db/database";

export const TEST_SERVER_URL = process.env.STRATA_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  db: Database;
  /** connection string of the fresh database (PostgreSQL only) */
  url: string | null;
  drop(): Promise<void>;
}

function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A new, empty (not migrated) database on a PostgreSQL server: its URL, and how to drop it. */
export async function createEmptyPostgresDatabase(name: string, serverUrl = TEST_SERVER_URL): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    url: withDatabase(serverUrl, name),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const empty = await createEmptyPostgresDatabase(`strata_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`);
  const db = await openDatabase({ databaseUrl: empty.url, dataDir: "", poolSize: 4 });
  return {
    db,
    url: empty.url,
    async drop() {
      await db.close();
      await empty.drop();
    },
  };
}

export async function createPgliteTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "strata-pglite-"));
  const db = await openDatabase({ dataDir: dir, poolSize: 1 });
  return {
    db,
    url: null,
    async drop() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const databaseKinds = [
  { kind: "postgres", create: createPostgresTestDatabase },
  { kind: "pglite", create: createPgliteTestDatabase },
] as const;
