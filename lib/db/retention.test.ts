import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, type TestDatabase } from "@/lib/testing/databases";
import { applyRetention } from "./retention";

describe.each(databaseKinds)("retention on $kind", ({ create }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => t?.drop());

  it("drops raw day partitions past retention and deletes old rollups, keeping the rest", async () => {
    const now = Date.UTC(2026, 10, 26, 12);
    for (const day of ["2026-11-10", "2026-11-19", "2026-11-20", "2026-11-26"]) {
      await t.db.query(`SELECT strata_ensure_day_partition('spans', $1::date)`, [day]);
    }
    const insertEdge = `INSERT INTO edge_minutes (cluster_id, minute, client, server, connection_type, calls, errors,
        client_sum_us, client_count, server_sum_us, server_count) VALUES (1, $1, 'a', 'b', 'http', 1, 0, 0, 0, 0, 0)`;
    await t.db.query(insertEdge, [new Date(now - 91 * 86_400_000)]);
    await t.db.query(insertEdge, [new Date(now - 89 * 86_400_000)]);

    const report = await applyRetention(t.db, { rawDays: 7, rollupDays: 90 }, now);

    // Nov 19 still holds rows younger than 7 days (after 12:00), so only Nov 10 goes.
    expect(report.droppedPartitions).toEqual(["spans_p20261110"]);
    expect(report.deletedRollupRows).toBe(1);
    const left = await t.db.query<{ relname: string }>(
      `SELECT c.relname FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
       WHERE p.relname = 'spans' ORDER BY 1`,
    );
    expect(left.rows.map((r) => r.relname)).toEqual(["spans_p20261119", "spans_p20261120", "spans_p20261126"]);
    const edges = await t.db.query(`SELECT 1 FROM edge_minutes`);
    expect(edges.rowCount).toBe(1);
  });
});
