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

  it("adds 93-bucket histograms bucket by bucket exactly as the general form does", async () => {
    const a = Array.from({ length: 93 }, (_, i) => (i * 7919) % 1000);
    const b = Array.from({ length: 93 }, (_, i) => (i % 5 === 0 ? 2_000_000_000 - i : 0));
    const withNull = a.map((v, i) => (i === 40 ? null : v));
    const r = await t.db.query<Record<string, (number | null)[] | null>>(
      `SELECT strata_hist_add($1::int[], $2::int[]) AS fast, strata_hist_add_any($1::int[], $2::int[]) AS general,
              strata_hist_add($3::int[], $2::int[]) AS fast_null, strata_hist_add_any($3::int[], $2::int[]) AS general_null,
              strata_hist_add($1::int[], NULL) AS right_null, strata_hist_add(NULL, $2::int[]) AS left_null,
              strata_hist_add(ARRAY[1,2], ARRAY[1,2,3]) AS ragged`,
      [a, b, withNull],
    );
    const row = r.rows[0];
    expect(row.fast).toEqual(a.map((v, i) => v + b[i]));
    expect(row.fast).toEqual(row.general);
    expect(row.fast_null).toEqual(row.general_null);
    expect(row.fast_null?.[40]).toBe(b[40]);
    expect(row.right_null).toEqual(a);
    expect(row.left_null).toEqual(b);
    expect(row.ragged).toEqual([2, 4, 3]);
  });

  it("COPYs rows that arrive in chunks while they are encoded", async () => {
    await t.db.query(`SELECT strata_ensure_day_partition('flows', $1::date)`, ["2026-11-26"]);
    const columns = ["cluster_id", "source_kind", "src_addr", "dst_addr", "bytes", "packets", "start_time", "end_time", "verdict", "attributes"];
    const at = microsToTimestamp(Date.UTC(2026, 10, 26, 13, 0, 0) * 1000);
    async function* chunks() {
      for (let c = 0; c < 3; c++) {
        await new Promise((resolve) => setImmediate(resolve));
        yield Buffer.from(encodeCopyRows([1, 2].map((i) => [7, "chunked", `10.9.${c}.${i}`, "10.9.9.9", 1, 1, at, at, "accept", {}])));
      }
    }
    await t.db.copyFrom("flows", columns, chunks());
    const r = await t.db.query<{ src_addr: string }>(`SELECT src_addr FROM flows WHERE source_kind = 'chunked' ORDER BY src_addr`);
    expect(r.rows.map((x) => x.src_addr)).toEqual(["10.9.0.1", "10.9.0.2", "10.9.1.1", "10.9.1.2", "10.9.2.1", "10.9.2.2"]);
  });
});
