// storeUnit on both databases: one transaction per unit, rollups that add up across units
// (counts, histograms bucket by bucket, status classes key by key), change events once, and a
// repeated batch id that writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyHistogram, observe } from "@/lib/contracts/histogram";
import type { EdgeMinute, NodeMinute } from "@/lib/contracts/rollup";
import { SpanKind } from "@/lib/contracts/span";
import { isErrorSpan } from "@/lib/otlp";
import { makeSpan } from "@/lib/pairing/testing/make-span";
import { databaseKinds, type TestDatabase } from "@/lib/testing/databases";
import { storeUnit, type DeferredStoreUnit, type StoreUnit } from "./store";

const MINUTE = Date.UTC(2026, 10, 26, 12, 0);

function node(calls: number, durationUs: number, statusClasses: Record<string, number>): NodeMinute {
  const duration = emptyHistogram();
  observe(duration, durationUs, calls);
  return { minuteMs: MINUTE, service: "api", operation: "GET /x", spanKind: SpanKind.SERVER, calls, errors: statusClasses["5xx"] ?? 0, duration, statusClasses };
}

function unit(batchId: string, nodeMinute: NodeMinute, version: string, startUs = MINUTE * 1000 + 5): Omit<StoreUnit, "clusterId"> {
  const span = makeSpan({ service: "api", kind: SpanKind.SERVER, startUs, serviceVersion: version });
  return {
    batchId, spans: [span], isErrorSpan, flows: [], edgeMinutes: [], nodeMinutes: [nodeMinute],
    networkEdgeMinutes: [], dataQuality: [{ minuteMs: MINUTE, service: "api", spansPaired: 1 }], addresses: [],
  };
}

describe.each(databaseKinds)("storeUnit on $kind", ({ create }) => {
  let t: TestDatabase;
  let clusterId: number;
  beforeAll(async () => {
    t = await create();
    clusterId = (await t.db.query<{ id: number }>(`INSERT INTO clusters (name) VALUES ('store') RETURNING id`)).rows[0].id;
  });
  afterAll(async () => t?.drop());

  it("adds rollups across units and records a version once; a repeated batch id writes nothing", async () => {
    const a = await storeUnit(t.db, { clusterId, ...unit("00000000-0000-4000-8000-000000000001", node(2, 1000, { "2xx": 2 }), "1.0") });
    const b = await storeUnit(t.db, { clusterId, ...unit("00000000-0000-4000-8000-000000000002", node(3, 1000, { "2xx": 1, "5xx": 2 }), "1.0") });
    const again = await storeUnit(t.db, { clusterId, ...unit("00000000-0000-4000-8000-000000000002", node(3, 1000, { "5xx": 3 }), "2.0") });
    expect(a).toMatchObject({ duplicate: false, stored: { spans: 1, nodeMinutes: 1 } });
    expect(b.duplicate).toBe(false);
    expect(again).toEqual({ duplicate: true, stored: { spans: 0, flows: 0, edgeMinutes: 0, nodeMinutes: 0, networkEdgeMinutes: 0 } });

    const n = await t.db.query<{ calls: number; errors: number; status_classes: Record<string, number>; total: number; duration_count: number }>(
      `SELECT calls, errors, status_classes, duration_count, (SELECT sum(x) FROM unnest(duration_hist) x)::int AS total FROM node_minutes WHERE cluster_id = $1`,
      [clusterId],
    );
    expect(n.rows).toEqual([{ calls: 5, errors: 2, status_classes: { "2xx": 3, "5xx": 2 }, duration_count: 5, total: 5 }]);
    const spans = await t.db.query(`SELECT 1 FROM spans WHERE cluster_id = $1`, [clusterId]);
    expect(spans.rowCount).toBe(2);
    const dq = await t.db.query<{ spans_paired: number }>(`SELECT spans_paired FROM data_quality_minutes WHERE cluster_id = $1`, [clusterId]);
    expect(dq.rows).toEqual([{ spans_paired: 2 }]);
    const versions = await t.db.query<{ version: string }>(`SELECT version FROM change_events WHERE cluster_id = $1`, [clusterId]);
    expect(versions.rows).toEqual([{ version: "1.0" }]);
    const batches = await t.db.query(`SELECT 1 FROM ingested_batches WHERE cluster_id = $1`, [clusterId]);
    expect(batches.rowCount).toBe(2);
  });

  it("a deferred unit: rollups from the spans it gave, the same rows stored, and the unit no longer holds its spans", async () => {
    const { nodeMinutes, dataQuality, spans, ...rest } = unit("00000000-0000-4000-8000-000000000006", node(4, 2000, { "2xx": 4 }), "4.0");
    let given: readonly unknown[] = [];
    const deferred: DeferredStoreUnit = {
      clusterId, ...rest, spans,
      rollups: (s) => {
        given = s;
        return { edgeMinutes: [], nodeMinutes, networkEdgeMinutes: [], dataQuality, addresses: [] };
      },
    };
    const outcome = await storeUnit(t.db, deferred);
    expect(outcome).toMatchObject({ duplicate: false, stored: { spans: 1, nodeMinutes: 1 } });
    expect(given).toBe(spans);
    // Taken out of the unit, so nothing the caller keeps holds a request's span objects alive.
    expect(deferred.spans).toEqual([]);
    const stored = await t.db.query<{ service_version: string }>(`SELECT service_version FROM spans WHERE cluster_id = $1 AND service_version = '4.0'`, [clusterId]);
    expect(stored.rowCount).toBe(1);
    const versions = await t.db.query(`SELECT 1 FROM change_events WHERE cluster_id = $1 AND version = '4.0'`, [clusterId]);
    expect(versions.rowCount).toBe(1);
  });

  it("adds edge histograms bucket by bucket; an empty incoming one (NULL) leaves the stored one as it was", async () => {
    const hist = (us: number, n: number) => {
      const h = emptyHistogram();
      observe(h, us, n);
      return h;
    };
    const edge = (queue: ReturnType<typeof hist> | null): EdgeMinute => ({
      minuteMs: MINUTE, client: "orders", server: "kafka", connectionType: "messaging", calls: 1, errors: 0,
      clientLatency: hist(1000, 1), serverLatency: hist(2000, 1), queueLatency: queue, exemplars: [],
    });
    const store = (batchId: string, e: EdgeMinute) =>
      storeUnit(t.db, { clusterId, batchId, spans: [], isErrorSpan, flows: [], edgeMinutes: [e], nodeMinutes: [], networkEdgeMinutes: [], dataQuality: [], addresses: [] });
    await store("00000000-0000-4000-8000-000000000007", edge(hist(5000, 3)));
    await store("00000000-0000-4000-8000-000000000008", edge(null));
    await store("00000000-0000-4000-8000-000000000009", edge(hist(0, 0)));
    const r = await t.db.query<{ calls: number; client: number; queue: number; queue_count: number; queue_hist: number[] }>(
      `SELECT calls, (SELECT sum(x) FROM unnest(client_hist) x)::int AS client, (SELECT sum(x) FROM unnest(queue_hist) x)::int AS queue,
              queue_count, queue_hist FROM edge_minutes WHERE cluster_id = $1 AND server = 'kafka'`,
      [clusterId],
    );
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ calls: 3, client: 3, queue: 3, queue_count: 3 });
    expect(r.rows[0].queue_hist).toEqual(hist(5000, 3).counts);
  });

  it("keeps the earliest time of a version when older spans arrive later", async () => {
    const late = MINUTE * 1000 + 40_000_000;
    const early = MINUTE * 1000 + 10_000_000;
    await storeUnit(t.db, { clusterId, ...unit("00000000-0000-4000-8000-000000000003", node(1, 1000, { "2xx": 1 }), "3.0", late) });
    await storeUnit(t.db, { clusterId, ...unit("00000000-0000-4000-8000-000000000004", node(1, 1000, { "2xx": 1 }), "3.0", early) });
    await storeUnit(t.db, { clusterId, ...unit("00000000-0000-4000-8000-000000000005", node(1, 1000, { "2xx": 1 }), "3.0", late + 1_000_000) });
    const at = await t.db.query<{ at: Date }>(`SELECT at FROM change_events WHERE cluster_id = $1 AND version = '3.0'`, [clusterId]);
    expect(at.rows.map((r) => new Date(r.at).getTime())).toEqual([early / 1000]);
  });
});
