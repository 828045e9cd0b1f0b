// The unchanged Prisma CLI, run offline through the wasm schema engine shim in prisma/engine,
// against a real PostgreSQL: every migrate command we rely on, the checksums it writes, a plpgsql
// migration, drift detection, and `prisma generate` without DATABASE_URL.
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile, appendFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffMigrationsToSchema } from "../prisma/engine/drift.mjs";
import { describeFailedMigration, resolveExternalErrors } from "../prisma/engine/errors.mjs";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const prismaCli = path.join(repoRoot, "node_modules", "prisma", "build", "index.js");
const offlineEnvModule = path.join(repoRoot, "prisma", "engine", "offline-env.mjs");
const serverUrl = process.env.STRATA_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
// Each CLI run costs about 2 s of CPU; on a busy 2-core machine one can take far longer.
const CLI_TIMEOUT_MS = 90_000;

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const havePostgres = await postgresAnswers(serverUrl);
if (!havePostgres) console.warn(`[prisma-engine.test] skipping the database tests: no PostgreSQL answers at ${serverUrl}`);

function databaseUrl(name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>, url = serverUrl): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the Prisma CLI as a user would: from the repo root, with none of our variables exported. */
function prisma(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const { DATABASE_URL: _d, SHADOW_DATABASE_URL: _s, PRISMA_SCHEMA_ENGINE_BINARY: _e, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [prismaCli, ...args],
      { cwd: repoRoot, env: { ...inherited, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

const SCHEMA = `generator client {
  provider = "prisma-client"
  output   = "./generated"
}

datasource db {
  provider = "postgresql"
}

model Account {
  id    Int    @id @default(autoincrement())
  email String @unique
  code  String @db.Char(3)
}
`;

// Two statements inside the $$ body: split on ";" it cannot even be created.
const TRIGGER_MIGRATION = `CREATE FUNCTION account_normalise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.email := lower(NEW.email);
  NEW.code := upper(NEW.code);
  RETURN NEW;
END;
$$;

CREATE TRIGGER account_normalise BEFORE INSERT ON "Account"
  FOR EACH ROW EXECUTE FUNCTION account_normalise();
`;

let workDir = "";

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "strata-prisma-engine-"));
  await writeFile(path.join(workDir, "schema.prisma"), SCHEMA);
});

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

// Independent of each other: run side by side to keep the file well under a minute.
describe.concurrent("Prisma CLI offline, no database needed", () => {
  it("prisma --version resolves the schema engine to the shim via prisma.config.ts", async () => {
    const run = await prisma(["--version"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Schema Engine\s*: schema-engine-wasm [0-9a-f]{40}/);
    expect(run.stdout).toContain("prisma/engine/schema-engine.mjs, resolved by PRISMA_SCHEMA_ENGINE_BINARY");
  }, CLI_TIMEOUT_MS);

  it("prisma validate checks a schema with no DATABASE_URL", async () => {
    const run = await prisma(["validate", "--schema", path.join(workDir, "schema.prisma")]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("is valid");
  }, CLI_TIMEOUT_MS);

  it("scripts/prisma-generate.mjs generates the client with no DATABASE_URL", async () => {
    const { DATABASE_URL: _d, PRISMA_SCHEMA_ENGINE_BINARY: _e, ...env } = process.env;
    const run = await new Promise<CliRun>((resolve) => {
      execFile(
        process.execPath,
        [path.join(repoRoot, "scripts", "prisma-generate.mjs"), "--schema", path.join(workDir, "schema.prisma")],
        { cwd: repoRoot, env },
        (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
      );
    });
    expect(run.code, run.stderr).toBe(0);
    const client = await readFile(path.join(workDir, "generated", "client.ts"), "utf8");
    expect(client).toContain("Account");
  }, CLI_TIMEOUT_MS);

  it("errors: External error id#N is replaced by the registered error, failed scripts become P3018", () => {
    const registry = { consumeError: (id: number) => (id === 3 ? { error: new Error("connection refused") } : undefined) };
    expect(resolveExternalErrors("Failed: External error id#3", registry).message).toBe("Failed: connection refused");
    expect(resolveExternalErrors("External error id#9", registry).message).toBe("External error id#9");

    const failed = describeFailedMigration(
      'external connector error\nError querying the database: ERROR: type "nope" does not exist\n' +
        '   0: sql_schema_connector::apply_migration::apply_script\n           with migration_name="2024_x"',
    );
    expect(failed?.error_code).toBe("P3018");
    expect(failed?.message).toContain("Migration name: 2024_x");
    expect(failed?.message).toContain('ERROR: type "nope" does not exist');
    expect(describeFailedMigration("some other error")).toBeUndefined();
  });

  it("an error raised inside the JS adapter keeps its real message, not External error id#N", async () => {
    const schemaPath = path.join(workDir, "schema.prisma");
    const attempt = diffMigrationsToSchema({ schemaPath, migrationsDir: workDir, databaseUrl: "mysql://root@127.0.0.1/x" });
    await expect(attempt).rejects.toThrow(/must be a postgres:\/\/ or postgresql:\/\/ URL/);
  }, CLI_TIMEOUT_MS);
});

describe.skipIf(!havePostgres)("Prisma CLI offline against PostgreSQL", () => {
  const suffix = `${process.pid}_${randomBytes(4).toString("hex")}`;
  const mainDb = `strata_shim_${suffix}`;
  const shadowDb = `strata_shim_${suffix}_shadow`;
  const mainUrl = databaseUrl(mainDb);
  let configPath = "";
  let migrationsDir = "";
  let schemaPath = "";
  const migrate = (args: string[]) => prisma([...args, "--config", configPath], { DATABASE_URL: mainUrl });

  beforeAll(async () => {
    await admin(async (client) => {
      await client.query(`CREATE DATABASE "${mainDb}"`);
      await client.query(`CREATE DATABASE "${shadowDb}"`);
    });
    schemaPath = path.join(workDir, "schema.prisma");
    migrationsDir = path.join(workDir, "migrations");
    configPath = path.join(workDir, "prisma.config.ts");
    // Same shape as the repo's prisma.config.ts, pointed at the temp folder. A plain object: the temp
    // folder cannot resolve "prisma/config".
    await writeFile(
      configPath,
      `import { configureOfflineSchemaEngine } from ${JSON.stringify(offlineEnvModule)};\n` +
        "configureOfflineSchemaEngine();\n" +
        `export default { schema: "schema.prisma", migrations: { path: "migrations" },\n` +
        "  datasource: { url: process.env.DATABASE_URL } };\n",
    );
  });

  afterAll(async () => {
    await admin(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS "${mainDb}" WITH (FORCE)`);
      await client.query(`DROP DATABASE IF EXISTS "${shadowDb}" WITH (FORCE)`);
    });
  });

  it("migrate dev --name init creates the first migration and applies it", async () => {
    const run = await migrate(["migrate", "dev", "--name", "init"]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const dirs = (await readdir(migrationsDir)).filter((name) => !name.endsWith(".toml"));
    expect(dirs).toHaveLength(1);
    expect(dirs[0]).toMatch(/^\d{14}_init$/);
    const sql = await readFile(path.join(migrationsDir, dirs[0], "migration.sql"), "utf8");
    expect(sql).toContain('CREATE TABLE "Account"');
    expect(sql).toContain('"code" CHAR(3) NOT NULL');
    expect(await readFile(path.join(migrationsDir, "migration_lock.toml"), "utf8")).toContain('provider = "postgresql"');
    const tables = await admin((c) => c.query(`SELECT to_regclass('"Account"')::text AS t`), mainUrl);
    expect(tables.rows[0].t).toBe('"Account"');
  }, CLI_TIMEOUT_MS);

  it("migrate deploy applies a plpgsql migration with a $$ body in full", async () => {
    const dir = path.join(migrationsDir, "29991231000000_account_trigger");
    await mkdir(dir);
    await writeFile(path.join(dir, "migration.sql"), TRIGGER_MIGRATION);
    const run = await migrate(["migrate", "deploy"]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("29991231000000_account_trigger");
    const inserted = await admin(
      (c) => c.query(`INSERT INTO "Account" (email, code) VALUES ('MiXed@Example.COM', 'abc') RETURNING email, code`),
      mainUrl,
    );
    expect(inserted.rows[0]).toEqual({ email: "mixed@example.com", code: "ABC" });
  }, CLI_TIMEOUT_MS);

  it("_prisma_migrations rows carry checksum = sha256(migration.sql)", async () => {
    const { rows } = await admin(
      (c) => c.query("SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name"),
      mainUrl,
    );
    const dirs = (await readdir(migrationsDir)).filter((name) => !name.endsWith(".toml")).sort();
    expect(rows.map((row) => row.migration_name)).toEqual(dirs);
    for (const row of rows) {
      const sql = await readFile(path.join(migrationsDir, row.migration_name, "migration.sql"), "utf8");
      expect(row.checksum).toBe(sha256(sql));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }
  }, CLI_TIMEOUT_MS);

  it("migrate status is up to date and migrate diff --from-migrations --to-schema is empty", async () => {
    // Read-only, so side by side.
    const [status, diff] = await Promise.all([
      migrate(["migrate", "status"]),
      migrate(["migrate", "diff", "--from-migrations", migrationsDir, "--to-schema", schemaPath, "--script"]),
    ]);
    expect(status.code, status.stdout + status.stderr).toBe(0);
    expect(status.stdout).toContain("Database schema is up to date!");
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain("-- This is an empty migration.");
    expect(diff.stdout).not.toMatch(/CREATE|ALTER|DROP/);
  }, CLI_TIMEOUT_MS);

  it("diffMigrationsToSchema agrees, also when a configured shadow database holds junk", async () => {
    await admin((c) => c.query(`CREATE TABLE "Account" (junk int); CREATE TABLE leftover (x int)`), databaseUrl(shadowDb));
    const [viaTemporary, viaConfigured] = await Promise.all([
      diffMigrationsToSchema({ schemaPath, migrationsDir, databaseUrl: mainUrl }),
      diffMigrationsToSchema({ schemaPath, migrationsDir, databaseUrl: mainUrl, shadowDatabaseUrl: databaseUrl(shadowDb) }),
    ]);
    expect(viaTemporary).toEqual({ script: "-- This is an empty migration.\n", isEmpty: true });
    expect(viaConfigured.isEmpty).toBe(true);
    const leftover = await admin((c) => c.query(`SELECT to_regclass('leftover') AS t`), databaseUrl(shadowDb));
    expect(leftover.rows[0].t).toBeNull();
  }, CLI_TIMEOUT_MS);

  it("after a model is added, the CLI diff and diffMigrationsToSchema both report the new table", async () => {
    await appendFile(schemaPath, "\nmodel Note {\n  id   Int    @id @default(autoincrement())\n  body String\n}\n");
    const [run, drift] = await Promise.all([
      migrate(["migrate", "diff", "--from-migrations", migrationsDir, "--to-schema", schemaPath, "--script"]),
      diffMigrationsToSchema({ schemaPath, migrationsDir, databaseUrl: mainUrl }),
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('CREATE TABLE "Note"');
    expect(drift.isEmpty).toBe(false);
    expect(drift.script).toContain('CREATE TABLE "Note"');
  }, CLI_TIMEOUT_MS);

  it("a failing migration is reported as P3018 and leaves nothing half applied", async () => {
    const dir = path.join(migrationsDir, "29991231000001_broken");
    await mkdir(dir);
    await writeFile(path.join(dir, "migration.sql"), "CREATE TABLE half_done (x int);\nCREATE TABLE broken (x no_such_type);\n");
    const run = await migrate(["migrate", "deploy"]);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain("P3018");
    expect(run.stdout + run.stderr).toContain("29991231000001_broken");
    const half = await admin((c) => c.query(`SELECT to_regclass('half_done') AS t`), mainUrl);
    expect(half.rows[0].t).toBeNull();
  }, CLI_TIMEOUT_MS);
});
