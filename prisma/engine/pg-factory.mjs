// The migration-aware driver adapter factory the wasm schema engine runs on: adapter-pg with the
// fixes from adapter-fixes.mjs, and shadow databases handled by shadow-db.mjs instead of adapter-pg.
import { CharColumnAwareClient, withSchemaEngineFixes } from "./adapter-fixes.mjs";
import { createNoDatabaseFactory } from "./no-database-factory.mjs";
import { PrismaPg } from "./pg-modules.mjs";
import { createTemporaryShadowDatabase, resetConfiguredShadowDatabase } from "./shadow-db.mjs";

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

function requirePostgresUrl(url, what) {
  if (!POSTGRES_URL.test(url)) {
    throw new Error(`${what} must be a postgres:// or postgresql:// URL for this schema engine.`);
  }
  // The native engine turns `?schema=x` into a search_path; adapter-pg ignores it, so migrations
  // would silently land in "public". Say so instead.
  const schema = new URL(url).searchParams.get("schema");
  if (schema && schema !== "public") {
    throw new Error(`${what} asks for schema "${schema}"; this schema engine only manages the "public" schema.`);
  }
  return url;
}

async function connectFixed(config) {
  const adapter = await new PrismaPg({ ...config, Client: CharColumnAwareClient }).connect();
  return withSchemaEngineFixes(adapter);
}

/**
 * @param {{ url?: string, shadowDatabaseUrl?: string }} datasource  without a url, only what needs no
 *   database works (see no-database-factory.mjs)
 * @returns the unbound factory plus dropTemporaryShadows(), which removes any temporary shadow
 *   database the engine has not disposed of yet (the CLI kills the engine right after its last reply,
 *   so cleanup cannot wait for process exit).
 */
export function createPgAdapterFactory(datasource) {
  if (!datasource.url) return { factory: createNoDatabaseFactory(), dropTemporaryShadows: async () => {} };
  const liveTemporaryShadows = new Set();

  const factory = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",

    async connect() {
      return connectFixed({ connectionString: requirePostgresUrl(datasource.url, "datasource.url") });
    },

    async connectToShadowDb() {
      if (datasource.shadowDatabaseUrl) {
        requirePostgresUrl(datasource.shadowDatabaseUrl, "datasource.shadowDatabaseUrl");
        const fields = await resetConfiguredShadowDatabase(datasource.shadowDatabaseUrl, datasource.url);
        return connectFixed(fields);
      }
      const shadow = await createTemporaryShadowDatabase(requirePostgresUrl(datasource.url, "datasource.url"));
      liveTemporaryShadows.add(shadow);
      let adapter;
      try {
        adapter = await connectFixed(shadow.fields);
      } catch (error) {
        liveTemporaryShadows.delete(shadow);
        await shadow.drop().catch(() => {});
        throw error;
      }
      return {
        ...adapter,
        async dispose() {
          await adapter.dispose();
          liveTemporaryShadows.delete(shadow);
          await shadow.drop();
        },
      };
    },
  };

  async function dropTemporaryShadows() {
    const pending = [...liveTemporaryShadows];
    liveTemporaryShadows.clear();
    await Promise.allSettled(pending.map((shadow) => shadow.drop()));
  }

  return { factory, dropTemporaryShadows };
}
