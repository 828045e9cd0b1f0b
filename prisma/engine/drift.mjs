// Drift check between the migrations folder and schema.prisma, in-process (no CLI spawn): the same
// computation as `prisma migrate diff --from-migrations <dir> --to-schema <schema> --script`.
// The migrations are replayed into a temporary shadow database on the given PostgreSQL server,
// which is dropped again before this returns.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openEngineSession } from "./engine-session.mjs";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const LOCKFILE = "migration_lock.toml";
const MIGRATION_FILE = "migration.sql";

/** Reads a migrations folder the way the Prisma CLI does before handing it to the engine. */
export async function loadMigrationsList(migrationsDir, shadowDbInitScript = "") {
  const baseDir = path.resolve(migrationsDir);
  const lockContent = await readFile(path.join(baseDir, LOCKFILE), "utf8").catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map(async (entry) => ({
        path: entry.name,
        migrationFile: {
          path: MIGRATION_FILE,
          content: await readFile(path.join(baseDir, entry.name, MIGRATION_FILE), "utf8").then(
            (value) => ({ tag: "ok", value }),
            (error) => ({ tag: "error", value: error.message }),
          ),
        },
      })),
  );
  // The CLI orders migrations by directory name with localeCompare; the engine trusts that order.
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return { baseDir, lockfile: { path: LOCKFILE, content: lockContent }, shadowDbInitScript, migrationDirectories };
}

/** Reads one schema file, or every *.prisma file below a folder (multi-file schemas). */
export async function loadSchemaFiles(schemaPath) {
  const resolved = path.resolve(schemaPath);
  if (!(await stat(resolved)).isDirectory()) return [{ path: resolved, content: await readFile(resolved, "utf8") }];
  const names = (await readdir(resolved, { recursive: true })).filter((name) => name.endsWith(".prisma")).sort();
  return Promise.all(names.map(async (name) => ({ path: path.join(resolved, name), content: await readFile(path.join(resolved, name), "utf8") })));
}

/** True when a diff script holds nothing but comments and blank lines. */
export function isEmptyMigrationScript(script) {
  return script
    .split("\n")
    .map((line) => line.trim())
    .every((line) => line === "" || line.startsWith("--"));
}

/**
 * @param {import("./drift.d.mts").DriftOptions} options
 * @returns {Promise<import("./drift.d.mts").DriftResult>}
 */
export async function diffMigrationsToSchema(options = {}) {
  const {
    schemaPath = path.join(REPO_ROOT, "prisma", "schema.prisma"),
    migrationsDir = path.join(REPO_ROOT, "prisma", "migrations"),
    databaseUrl = process.env.STRATA_TEST_DATABASE_URL ?? process.env.DATABASE_URL,
    shadowDatabaseUrl,
    externalTables = [],
    externalEnums = [],
    shadowDbInitScript = "",
  } = options;
  if (!databaseUrl) {
    throw new Error("diffMigrationsToSchema needs a PostgreSQL URL (databaseUrl, STRATA_TEST_DATABASE_URL or DATABASE_URL).");
  }

  const [migrationsList, files] = await Promise.all([
    loadMigrationsList(migrationsDir, shadowDbInitScript),
    loadSchemaFiles(schemaPath),
  ]);
  const session = await openEngineSession({ datasource: { url: databaseUrl, shadowDatabaseUrl } });
  try {
    const result = await session
      .call("diff", {
        from: { tag: "migrations", ...migrationsList },
        to: { tag: "schemaDatamodel", files },
        script: true,
        exitCode: null,
        filters: { externalTables, externalEnums },
      })
      .catch((error) => {
        const { data } = session.toRpcError(error);
        throw new Error(data.error_code ? `${data.error_code}: ${data.message}` : data.message);
      });
    const script = result?.stdout ?? "";
    return { script, isEmpty: isEmptyMigrationScript(script) };
  } finally {
    await session.close();
  }
}
