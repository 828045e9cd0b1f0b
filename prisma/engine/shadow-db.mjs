// Shadow databases for the wasm schema engine (STACK-NOTES traps 3 and 5).
//
// The engine replays the migrations folder into a shadow database to learn what it produces.
// Trap 3: adapter-pg's own connectToShadowDb() builds `{ connectionString, database }`, and pg lets
// the connection string's database win, so the "shadow" replay runs in the MAIN database. Here every
// connection is built from discrete host/port/user/password/database fields, and we verify
// current_database() before running anything destructive.
// Trap 5: a configured shadow database (shadowDatabaseUrl) is replayed into as found; the native
// engine empties it first, so we reset it on every connect.
import { randomUUID } from "node:crypto";
import { parseConnectionString, pg } from "./pg-modules.mjs";

/** Discrete pg connection fields from a URL, with the database replaced when asked. */
export function connectionFields(url, database) {
  const { connectionString: _ignored, ...fields } = parseConnectionString(url);
  const merged = database === undefined ? fields : { ...fields, database };
  // pg-connection-string leaves `ssl` false when the URL says nothing; keep pg's defaults otherwise.
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined && value !== null));
}

/** Quotes an identifier for PostgreSQL. */
export function quoteIdent(name) {
  return `"${String(name).replaceAll('"', '""')}"`;
}

async function withClient(fields, work) {
  const client = new pg.Client(fields);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Throws unless the server says we are connected to `expected`: the guard against trap 3. */
export async function assertCurrentDatabase(client, expected) {
  const { rows } = await client.query("SELECT current_database() AS name");
  const actual = rows[0]?.name;
  if (actual !== expected) {
    throw new Error(`Shadow database guard: connected to "${actual}" but expected "${expected}"; refusing to continue.`);
  }
}

/**
 * Creates an empty temporary shadow database next to the main one (the native engine's naming) and
 * returns the discrete fields to reach it plus a drop() that removes it again.
 */
export async function createTemporaryShadowDatabase(mainUrl) {
  const mainFields = connectionFields(mainUrl);
  const name = `prisma_migrate_shadow_db_${randomUUID()}`;
  await withClient(mainFields, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
  const fields = connectionFields(mainUrl, name);
  await withClient(fields, (client) => assertCurrentDatabase(client, name));
  let dropped = false;
  return {
    name,
    fields,
    async drop() {
      if (dropped) return;
      dropped = true;
      await withClient(mainFields, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
    },
  };
}

/**
 * Empties a configured shadow database: drops every user schema (the engine replays into a clean
 * slate) and recreates `public`. Refuses when the shadow URL points at the main database.
 */
export async function resetConfiguredShadowDatabase(shadowUrl, mainUrl) {
  const fields = connectionFields(shadowUrl);
  const main = mainUrl ? connectionFields(mainUrl) : undefined;
  if (main && sameDatabase(fields, main)) {
    throw new Error("The shadow database URL points at the main database; refusing to reset it.");
  }
  await withClient(fields, async (client) => {
    await assertCurrentDatabase(client, fields.database ?? fields.user);
    const { rows } = await client.query(
      `SELECT nspname FROM pg_namespace
        WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`,
    );
    for (const { nspname } of rows) await client.query(`DROP SCHEMA ${quoteIdent(nspname)} CASCADE`);
    await client.query("CREATE SCHEMA IF NOT EXISTS public");
  });
  return fields;
}

function sameDatabase(a, b) {
  return (
    (a.host ?? "") === (b.host ?? "") &&
    String(a.port ?? "") === String(b.port ?? "") &&
    (a.database ?? "") === (b.database ?? "")
  );
}
