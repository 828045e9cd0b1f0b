// Prisma 7 CLI configuration. Prisma Client talks to the database through driver adapters
// (@prisma/adapter-pg, pglite-prisma-adapter), so no query engine binary is involved; the only native
// piece the CLI wants is the schema engine, and prisma/engine/ replaces it with a wasm-backed shim so
// every CLI command works offline. See prisma/engine/README.md.
import { defineConfig } from "prisma/config";
import { configureOfflineSchemaEngine } from "./prisma/engine/offline-env.mjs";

configureOfflineSchemaEngine();

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // Read the variables directly: `env("DATABASE_URL")` throws when it is unset, and commands that
  // need no database (`prisma generate`, `prisma validate`) must work without it.
  datasource: {
    url: process.env.DATABASE_URL,
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL,
  },
});
