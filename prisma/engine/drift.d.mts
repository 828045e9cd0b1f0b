export interface DriftOptions {
  /** schema.prisma, or a folder of *.prisma files. Default: <repo>/prisma/schema.prisma. */
  schemaPath?: string;
  /** Default: <repo>/prisma/migrations. */
  migrationsDir?: string;
  /** PostgreSQL server on which a temporary shadow database is created and dropped.
   *  Default: STRATA_TEST_DATABASE_URL, then DATABASE_URL. */
  databaseUrl?: string;
  /** Use this (emptied first) instead of a temporary shadow database. */
  shadowDatabaseUrl?: string;
  /** Tables/enums that exist only in migration SQL (e.g. partitioned tables), left out of the diff.
   *  PostgreSQL needs them schema-qualified: "public.spans" (error P3023 otherwise). */
  externalTables?: string[];
  externalEnums?: string[];
  /** SQL run on the shadow database before the migrations (prisma.config.ts migrations.initShadowDb). */
  shadowDbInitScript?: string;
}

export interface DriftResult {
  /** SQL that would take a database built from the migrations to what schema.prisma describes. */
  script: string;
  /** True when the script holds no statement: migrations and schema agree. */
  isEmpty: boolean;
}

/** Same computation as `prisma migrate diff --from-migrations <dir> --to-schema <schema> --script`. */
export declare function diffMigrationsToSchema(options?: DriftOptions): Promise<DriftResult>;

export interface MigrationsList {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  shadowDbInitScript: string;
  migrationDirectories: Array<{
    path: string;
    migrationFile: { path: string; content: { tag: "ok"; value: string } | { tag: "error"; value: string } };
  }>;
}

export declare function loadMigrationsList(migrationsDir: string, shadowDbInitScript?: string): Promise<MigrationsList>;
export declare function loadSchemaFiles(schemaPath: string): Promise<Array<{ path: string; content: string }>>;
export declare function isEmptyMigrationScript(script: string): boolean;
