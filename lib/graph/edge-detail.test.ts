// An edge's sums over minutes that carry several exemplars each: every minute counts once
// (a regression: unnesting exemplars beside SUM() multiplied calls and histograms by their number).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/tokens";
import { emptyHistogram, observe } from "@/lib/contracts/histogram";
import { upsertEdgeMinutes } from "@/lib/ingest/rollup-upsert";
import { databaseKinds, type TestDatabase } from "@/lib/testing/databases";
import { edgeDetail } from "./edge-detail";

const trace = (n: number) => n.toString(16).padStart(32, "0");

describe.each(databaseKinds)("edge detail sums on $kind", ({ create }) => {
  let t: TestDatabase;
  const minuteMs = Math.floor(Date.now() / 60_000) * 60_000 - 120_000;
  beforeAll(async () => {
    t = await create();
    const { cluster } = await createCluster(t.db, `edge-${Date.now()}`);
    const rows = [0, 1].map((m) => {
      const h = emptyHistogram();
      for (let i = 0; i < 7; i++) observe(h, 20_000);
      return {
        minuteMs: minuteMs + m * 60_000, client: "a", server: "b", connectionType: "http" as const, calls: 7, errors: 2,
        clientLatency: h, serverLatency: h, queueLatency: null, exemplars: [1, 2, 3, 4, 5].map((k) => trace(m * 10 + k)),
      };
    });
    await upsertEdgeMinutes(t.db, cluster.id, rows);
  });
  afterAll(async () => t?.drop());

  it("counts calls, errors and latency once per minute, and lists the exemplars newest minute first", async () => {
    const d = await edgeDetail(t.db, { client: "a", server: "b", kind: "http" }, { fromMs: minuteMs, toMs: minuteMs + 180_000, clusterId: null });
    expect(d).toMatchObject({ calls: 14, errors: 4 });
    expect(d.serverHistogram.count).toBe(14);
    expect(d.clientHistogram.count).toBe(14);
    expect(d.series.map((p) => p.calls)).toEqual([7, 7]);
    expect(d.exemplars).toHaveLength(10);
    expect(d.exemplars.slice(0, 5).sort()).toEqual([11, 12, 13, 14, 15].map(trace));
  });
});
