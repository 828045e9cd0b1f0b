// The driver packages the engine shim needs, resolved the way adapter-pg itself resolves them.
//
// WHY resolve through adapter-pg: @prisma/driver-adapter-utils is adapter-pg's dependency, not ours;
// it is only hoisted to the top of node_modules by chance. Resolving it from adapter-pg's own folder
// keeps working under any install layout, and guarantees we bind errors with the very same
// DriverAdapterError class adapter-pg throws.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const adapterPgEntry = require.resolve("@prisma/adapter-pg");
const requireFromAdapter = createRequire(adapterPgEntry);

/** @type {typeof import("pg")} */
export const pg = requireFromAdapter("pg");

/** @type {typeof import("@prisma/adapter-pg")} */
export const { PrismaPg } = require("@prisma/adapter-pg");

export const { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum, DriverAdapterError } =
  requireFromAdapter("@prisma/driver-adapter-utils");

/** pg's own connection-string parser: the one `new pg.Pool({ connectionString })` would use. */
export const { parse: parseConnectionString } = createRequire(requireFromAdapter.resolve("pg"))(
  "pg-connection-string",
);
