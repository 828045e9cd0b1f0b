import "server-only";
// Applies prisma/migrations/*/migration.sql in order to whichever database is in use, and records
// each in _prisma_migrations exactly as Prisma's engine does (checksum = sha256 of the file), so
// `prisma migrate deploy` and `prisma migrate status` accept the history this runner wrote.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import type { Database } from "./database";

// The advisory lock id Prisma's engine takes around migrations: two migrators (replicas starting
// together, or this runner and `prisma migrate deploy`) never interleave.
const PRISMA_MIGRATION_LOCK = 72707369;

const CREATE_HISTORY = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function defaultMigrationsDir(): string {
  return process.env.STRATA_MIGRATIONS_DIR ?? path.join(process.cwd(), "prisma", "migrations");
}

export function readMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) throw new Error(`migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(db: Database, dir = defaultMigrationsDir()): Promise<MigrationReport> {
  const migrations = readMigrations(dir);
  await db.exec(CREATE_HISTORY);
  const report: MigrationReport = { applied: [], alreadyApplied: 0 };
  for (const m of migrations) {
    const outcome = await applyOne(db, m);
    if (outcome === "applied") report.applied.push(m.name);
    else report.alreadyApplied++;
  }
  return report;
}

async function applyOne(db: Database, m: Migration): Promise<"applied" | "skipped"> {
  try {
    return await db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [PRISMA_MIGRATION_LOCK]);
      const done = await tx.query<{ checksum: string; finished_at: Date | null }>(
        `SELECT checksum, finished_at FROM "_prisma_migrations"
          WHERE migration_name = $1 AND rolled_back_at IS NULL`,
        [m.name],
      );
      const previous = done.rows[0];
      if (previous?.finished_at) {
        if (previous.checksum !== m.checksum) {
          console.warn(`[migrate] ${m.name} was edited after it was applied (checksum differs)`);
        }
        return "skipped" as const;
      }
      if (previous) {
        throw new Error(
          `migration ${m.name} failed earlier and is recorded as unfinished; ` +
            `fix it, then mark it with \`prisma migrate resolve\``,
        );
      }
      await tx.exec(m.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations"
           (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [randomUUID(), m.checksum, m.name],
      );
      return "applied" as const;
    });
  } catch (err) {
    await recordFailure(db, m, err);
    throw err;
  }
}

// Prisma records a failed migration as a row without finished_at, with the error in logs; later
// deploys stop there until a human resolves it. The script itself was rolled back with its
// transaction, so the database is left as it was before the migration.
async function recordFailure(db: Database, m: Migration, err: unknown) {
  const message = err instanceof Error ? err.message : String(err);
  if (message.includes("recorded as unfinished")) return;
  await db
    .query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count)
       VALUES ($1, $2, $3, $4, now(), 0)`,
      [randomUUID(), m.checksum, m.name, message],
    )
    .catch(() => undefined);
}
