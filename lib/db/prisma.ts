import "server-only";
// Prisma Client for ordinary CRUD (clusters, tokens, incidents), on the same connection as the
// hand-written SQL: the pg pool for PostgreSQL, the PGlite instance when embedded. One client
// per database, made on first use.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { Database } from "./database";
import { PrismaClient } from "./generated/client";
import type { PgliteDatabase } from "./pglite";
import type { PostgresDatabase } from "./postgres";

const clients = new WeakMap<Database, PrismaClient>();

export function prismaFor(db: Database): PrismaClient {
  let client = clients.get(db);
  if (!client) {
    const adapter =
      db.kind === "postgres"
        ? new PrismaPg((db as PostgresDatabase).pool)
        : new PrismaPGlite((db as PgliteDatabase).pglite);
    client = new PrismaClient({ adapter });
    clients.set(db, client);
  }
  return client;
}

export type { PrismaClient };
