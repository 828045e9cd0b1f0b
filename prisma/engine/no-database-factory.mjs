// The adapter factory used when no datasource URL is configured.
//
// WHY: the native engine diffs two schema files (`prisma migrate diff --from-empty --to-schema ...`)
// without any database. The wasm engine always connects when it is created and asks the server for
// its version, so without a URL it would fail before the diff starts. This factory answers that one
// startup probe as a PostgreSQL 15 server (the oldest we target) and fails every other call with a
// message that says which variable to set.
import { ColumnTypeEnum } from "./pg-modules.mjs";

const REPORTED_VERSION = { text: "PostgreSQL 15 (no database configured)", number: 150000 };

export class NoDatabaseConfiguredError extends Error {
  constructor() {
    super("datasource.url is not set. Set DATABASE_URL (read by prisma.config.ts) to a postgres:// URL.");
  }
}

const refuse = async () => {
  throw new NoDatabaseConfiguredError();
};

/** The engine's connector start-up query: public schema exists?, version(), server_version_num. */
function isStartupProbe(sql) {
  return sql.includes("version()") && sql.includes("server_version_num");
}

const noDatabaseAdapter = {
  provider: "postgres",
  adapterName: "@prisma/adapter-pg",
  async queryRaw(query) {
    if (!isStartupProbe(query.sql)) return refuse();
    return {
      columnNames: ["exists", "version", "numeric_version"],
      columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
      rows: [[true, REPORTED_VERSION.text, REPORTED_VERSION.number]],
    };
  },
  executeRaw: refuse,
  executeScript: refuse,
  startTransaction: refuse,
  getConnectionInfo: () => ({ supportsRelationJoins: true }),
  dispose: async () => {},
};

export function createNoDatabaseFactory() {
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: async () => noDatabaseAdapter,
    connectToShadowDb: refuse,
  };
}
