import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, type TestDatabase } from "@/lib/testing/databases";
import { encodeCopyRows, microsToTimestamp } from "./copy-text";
import { migrate } from "./migrate";

describe.each(databaseKinds)("database layer on $kind", ({ create }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => t?.drop());

  it("records migrations as Prisma does, and a second run applies nothing", async () => {
    const rows = await t.db.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations"`,
    );
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const r of rows.rows) {
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.finished_at).not.toBeNull();
      expect(r.applied_steps_count).toBe(1);
    }
    const again = await migrate(t.db);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(rows.rows.length);
  });

  it("creates day partitions on demand and COPYs hostile text into them intact", async () => {
    const startUs = Date.UTC(2026, 10, 26, 12, 0, 0) * 1000 + 123;
    await t.db.query(`SELECT strata_ensure_day_partition('flows', $1::date)`, ["2026-11-26"]);
    await t.db.query(`SELECT strata_ensure_day_partition('flows', $1::date)`, ["2026-11-26"]); // idempotent
    const hostile = "a\tb\nc\\d'); DROP TABLE flows; --\u0000";
    const columns = ["cluster_id", "source_kind", "src_addr", "dst_addr", "bytes", "packets", "start_time", "end_time", "verdict", "reason", "attributes"];
    await t.db.copyFrom("flows", columns, encodeCopyRows([
      [1, "hubble", "10.0.0.1", "10.0.0.2", 10, 1, microsToTimestamp(startUs), microsToTimestamp(startUs), "reject", hostile, { note: hostile }],
    ]));
    const r = await t.db.query<{ reason: string; attributes: { note: string }; start_time: Date; part: string }>(
      `SELECT reason, attributes, start_time, tableoid::regclass::text AS part FROM flows`,
    );
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0].reason).toBe(hostile.replace("\u0000", "\uFFFD"));
    expect(r.rows[0].attributes.note).toBe(hostile.replace("\u0000", "\uFFFD"));
    expect(r.rows[0].part).toBe("flows_p20261126");
    expect(new Date(r.rows[0].start_time).getTime()).toBe(Math.floor(startUs / 1000));
  });

  it("creates a day partition once when many requests race for it", async () => {
    const attempts = [];
    for (let d = 1; d <= 10; d++) {
      const day = `2027-01-${String(d).padStart(2, "0")}`;
      attempts.push(...Array.from({ length: 4 }, () => t.db.query(`SELECT strata_ensure_day_partition('spans', $1::date)`, [day])));
    }
    const outcomes = await Promise.allSettled(attempts);
    expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
    const parts = await t.db.query(`SELECT 1 FROM pg_class WHERE relname LIKE 'spans_p202701%' AND relkind = 'r'`);
    expect(parts.rowCount).toBe(10);
  });

  it("rolls back a failed transaction whole", async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(`INSERT INTO clusters (name) VALUES ('rolled-back')`);
        await tx.query(`SELECT 1/0`);
      }),
    ).rejects.toThrow();
    const r = await t.db.query(`SELECT 1 FROM clusters WHERE name = 'rolled-back'`);
    expect(r.rows).toHaveLength(0);
  });

  it("merges histograms by addition in SQL", async () => {
    const r = await t.db.query<{ sum: number[]; agg: number[] }>(
      `SELECT strata_hist_add(ARRAY[1,2,3], ARRAY[10,20,30]) AS sum,
              (SELECT strata_hist_sum(h) FROM (VALUES (ARRAY[1,1]), (NULL), (ARRAY[2,5])) AS v(h)) AS agg`,
    );
    expect(r.rows[0].sum).toEqual([11, 22, 33]);
    expect(r.rows[0].agg).toEqual([3, 6]);
  });
});
