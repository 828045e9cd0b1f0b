// schema.prisma and the migrations must describe the same database. The partitioned raw tables
// exist only in migration SQL (Prisma cannot describe them) and are the one declared exception.
import { describe, expect, it } from "vitest";
import pg from "pg";
import { diffMigrationsToSchema } from "../../prisma/engine/drift.mjs";
import { TEST_SERVER_URL } from "@/lib/testing/databases";

async function postgresAnswers(): Promise<boolean> {
  const c = new pg.Client({ connectionString: TEST_SERVER_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

const available = await postgresAnswers();
if (!available && !process.env.CI) console.warn(`schema drift test skipped: no PostgreSQL at ${TEST_SERVER_URL}`);

describe.skipIf(!available && !process.env.CI)("schema drift", () => {
  it("schema.prisma and prisma/migrations agree", async () => {
    const diff = await diffMigrationsToSchema({ databaseUrl: TEST_SERVER_URL, externalTables: ["public.spans", "public.flows"] });
    // On drift the message shows the SQL that would reconcile them: write it as a migration.
    expect(diff.isEmpty ? "" : diff.script).toBe("");
  }, 120_000);
});
