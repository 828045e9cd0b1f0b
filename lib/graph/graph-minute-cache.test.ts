// The graph served from cached minutes returns exactly the numbers of the SQL merge, on both
// databases: the service, application and combined layers; cold (nothing cached) and warm alike;
// with the cluster filter and a baseline; and after late data lands, through the real ingest path
// (storeUnit), in a minute that was cached. Long windows likewise: whole hours from the hour
// cache with ragged minutes around them, and, longer still, the SQL sum of the whole window.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphQuerySchema, type Graph } from "@/lib/contracts/graph";
import { emptyHistogram, observe } from "@/lib/contracts/histogram";
import type { EdgeMinute, NodeMinute } from "@/lib/contracts/rollup";
import { isErrorSpan } from "@/lib/otlp";
import { storeUnit } from "@/lib/ingest/store";
import { databaseKinds, type TestDatabase } from "@/lib/testing/databases";
import { buildGraph } from "./build-graph";
import { CACHED_WINDOW_HOURS, CACHED_WINDOW_MINUTES, clearMinuteCaches, minuteCachesOf, windowParts } from "./rollup-minutes";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;
// Ten closed minutes M0 … M0+9, aligned so they also make one merged block (minute-blocks.ts).
const M0 = Math.floor((NOW - 120 * MINUTE) / (10 * MINUTE)) * 10 * MINUTE;
const BASE0 = M0 - 300 * MINUTE; // the baseline's minutes, outside the long window below
const WINDOW = { from: M0, to: M0 + 10 * MINUTE };
// Longer than CACHED_WINDOW_MINUTES, holding the same minutes: whole hours and loose minutes.
const LONG = { from: M0 - (CACHED_WINDOW_MINUTES + 10) * MINUTE, to: M0 + 10 * MINUTE };
// The same minutes inside whole closed hours only (no loose minute holds data).
const HOURS = { from: Math.floor(M0 / HOUR) * HOUR - 3 * HOUR, to: Math.ceil((M0 + 10 * MINUTE) / HOUR) * HOUR };
// Longer than CACHED_WINDOW_HOURS (it reaches into the future, past the baseline's minutes): summed in SQL.
const SQL_SUMMED = { from: LONG.from, to: LONG.from + (CACHED_WINDOW_HOURS + 1) * HOUR };

function hist(durationUs: number, n: number) {
  const h = emptyHistogram();
  observe(h, durationUs, n);
  return h;
}

function edge(minuteMs: number, client: string, server: string, type: EdgeMinute["connectionType"], calls: number, errors: number, us: number, exemplar: string): EdgeMinute {
  return { minuteMs, client, server, connectionType: type, calls, errors, clientLatency: hist(us, calls), serverLatency: hist(Math.round(us * 0.8), calls), queueLatency: null, exemplars: [exemplar] };
}

function node(minuteMs: number, service: string, operation: string | null, spanKind: number, calls: number, errors: number, us: number): NodeMinute {
  return { minuteMs, service, operation, spanKind, calls, errors, duration: hist(us, calls), statusClasses: {} };
}

/** One minute of the test system in one cluster; `k` varies the numbers from minute to minute. */
function minuteOf(minuteMs: number, cluster: "a" | "b", k: number) {
  const edges = [edge(minuteMs, "web", "api", "http", 10 + k, k % 3, 1000 * (k + 1), `${cluster}-web-api-${minuteMs}`)];
  if (cluster === "a") edges.push(edge(minuteMs, "api", "pg", "database", 5 + k, k % 2, 300 * (k + 2), `${cluster}-api-pg-${minuteMs}`));
  else edges.push(edge(minuteMs, "web", "orders", "messaging", 2 + k, 0, 4000, `${cluster}-web-orders-${minuteMs}`));
  const nodes = [
    node(minuteMs, "web", null, 0, 20 + k, k % 3, 1500 * (k + 1)),
    node(minuteMs, "api", null, 0, 10 + k, k % 3, 900 * (k + 1)),
    node(minuteMs, "api", "GET /items", 2, 10 + k, k % 3, 900 * (k + 1)),
    node(minuteMs, "api", "refresh", 1, 3, 0, 50), // an internal span: not an entry operation
  ];
  return { edges, nodes };
}

let batchNo = 0;
async function ingest(db: TestDatabase["db"], clusterId: number, rows: { edges: EdgeMinute[]; nodes: NodeMinute[] }) {
  const batchId = `00000000-0000-4000-8000-${String(++batchNo).padStart(12, "0")}`;
  await storeUnit(db, { clusterId, batchId, spans: [], isErrorSpan, flows: [], edgeMinutes: rows.edges, nodeMinutes: rows.nodes, networkEdgeMinutes: [], dataQuality: [], addresses: [] });
}

/** What must not depend on the window's length (rates do): per element, keyed by id. */
function numbers(g: Graph) {
  return {
    nodes: Object.fromEntries(g.nodes.map((n) => [n.id, { kind: n.kind, calls: n.calls, errors: n.errors, latency: n.latency, cluster: n.cluster, parent: n.parent ?? null }])),
    edges: Object.fromEntries(g.edges.map((e) => [e.id, { calls: e.calls, errors: e.errors, latency: e.latency }])),
  };
}

describe.each(databaseKinds)("graph from cached minutes on $kind", ({ create }) => {
  let t: TestDatabase;
  let a: number;
  const graph = (q: Record<string, unknown>) => buildGraph(t.db, graphQuerySchema.parse(q), NOW);
  beforeAll(async () => {
    t = await create();
    const id = async (name: string) => (await t.db.query<{ id: number }>(`INSERT INTO clusters (name) VALUES ($1) RETURNING id`, [name])).rows[0].id;
    a = await id("a");
    const b = await id("b");
    for (let i = 0; i < 10; i++) {
      await ingest(t.db, a, minuteOf(M0 + i * MINUTE, "a", i));
      await ingest(t.db, b, minuteOf(M0 + i * MINUTE, "b", i + 3));
      await ingest(t.db, a, minuteOf(BASE0 + i * MINUTE, "a", 2 * i));
    }
  });
  afterAll(async () => t?.drop());

  it.each(["service", "application", "combined"])("%s layer: cold and warm reads are equal, and equal to the SQL merge", async (layer) => {
    clearMinuteCaches(t.db);
    const cold = await graph({ layer, ...WINDOW });
    expect(minuteCachesOf(t.db).edges.minutesCached).toBe(10);
    expect(minuteCachesOf(t.db).nodes.minutesCached).toBe(10);
    const merges = minuteCachesOf(t.db).edgeBlocks.merges;
    expect(merges).toBeGreaterThan(0);
    const warm = await graph({ layer, ...WINDOW });
    expect(warm).toEqual(cold);
    expect(minuteCachesOf(t.db).edgeBlocks.merges).toBe(merges); // the block was reused
    expect(numbers(warm)).toEqual(numbers(await graph({ layer, ...SQL_SUMMED })));
    // Long windows: cold (hours summed and cached), then warm (served from the hour cache).
    for (const long of [LONG, HOURS]) {
      clearMinuteCaches(t.db);
      const coldLong = await graph({ layer, ...long });
      expect(minuteCachesOf(t.db).edgeHours.minutesCached).toBeGreaterThan(0);
      expect(numbers(coldLong)).toEqual(numbers(warm));
      expect(numbers(await graph({ layer, ...long }))).toEqual(numbers(warm));
    }
    const webApi = warm.edges.find((e) => e.id === "service:web->service:api:http")!;
    // 10 + i over cluster a, 10 + i + 3 over b, i = 0 … 9
    expect(webApi.calls).toBe(145 + 175);
    if (layer === "application") {
      expect(warm.nodes.filter((n) => n.kind === "operation").map((n) => n.name)).toEqual(["GET /items"]);
    }
  });

  it("keeps the cluster filter exact", async () => {
    const onlyA = await graph({ layer: "service", ...WINDOW, cluster: "a" });
    expect(numbers(onlyA)).toEqual(numbers(await graph({ layer: "service", ...LONG, cluster: "a" })));
    expect(numbers(onlyA)).toEqual(numbers(await graph({ layer: "service", ...HOURS, cluster: "a" })));
    expect(numbers(onlyA)).toEqual(numbers(await graph({ layer: "service", ...SQL_SUMMED, cluster: "a" })));
    expect(onlyA.edges.find((e) => e.id === "service:web->service:api:http")!.calls).toBe(145);
    expect(onlyA.edges.some((e) => e.target === "queue:orders")).toBe(false);
  });

  it("compares with a baseline from cached minutes as the SQL merge does", async () => {
    const baseline = { baselineFrom: BASE0, baselineTo: BASE0 + 10 * MINUTE };
    const cached = await graph({ layer: "service", ...WINDOW, ...baseline });
    const edge = cached.edges.find((e) => e.id === "service:api->database:pg:database")!;
    expect(edge.compare?.status).toBe("both");
    // 5 + 2i calls a minute, i = 0 … 9, over 10 minutes
    expect(edge.compare?.baseline?.ratePerSec).toBeCloseTo((5 * 10 + 2 * 45) / 600, 10);
    clearMinuteCaches(t.db);
    expect(await graph({ layer: "service", ...WINDOW, ...baseline })).toEqual(cached);
  });

  it("shows late data ingested into a cached minute on the next read", async () => {
    const before = await graph({ layer: "service", ...WINDOW });
    await graph({ layer: "service", ...HOURS });
    const lateHour = Math.floor((M0 + 5 * MINUTE) / HOUR) * HOUR;
    expect(minuteCachesOf(t.db).edgeHours.has(lateHour, NOW)).toBe(true);
    expect(minuteCachesOf(t.db).edges.has(M0 + 5 * MINUTE, NOW)).toBe(true);
    const late = edge(M0 + 5 * MINUTE, "web", "api", "http", 7, 7, 90_000, "a-late");
    await ingest(t.db, a, { edges: [late], nodes: [node(M0 + 5 * MINUTE, "web", null, 0, 7, 7, 90_000)] });
    expect(minuteCachesOf(t.db).edges.has(M0 + 5 * MINUTE, NOW)).toBe(false);
    expect(minuteCachesOf(t.db).edgeHours.has(lateHour, NOW)).toBe(false); // the hour holding it too
    const merges = minuteCachesOf(t.db).edgeBlocks.merges;
    const after = await graph({ layer: "service", ...WINDOW });
    expect(minuteCachesOf(t.db).edgeBlocks.merges).toBe(merges + 1); // the block holding M0+5 was merged again
    const id = "service:web->service:api:http";
    const [e0, e1] = [before, after].map((g) => g.edges.find((e) => e.id === id)!);
    expect(e1.calls).toBe(e0.calls + 7);
    expect(e1.errors).toBe(e0.errors + 7);
    expect(e1.latency.p99Ms).toBeGreaterThan(e0.latency.p99Ms!);
    expect(after.nodes.find((n) => n.id === "service:web")!.calls).toBe(before.nodes.find((n) => n.id === "service:web")!.calls + 7);
    expect(numbers(after)).toEqual(numbers(await graph({ layer: "service", ...LONG })));
    expect(numbers(after)).toEqual(numbers(await graph({ layer: "service", ...HOURS })));
    expect(numbers(after)).toEqual(numbers(await graph({ layer: "service", ...SQL_SUMMED })));
  });

  it("shows a write to the open minute by another process (no invalidation here) on the next read", async () => {
    const current = { from: NOW - 10 * MINUTE, to: NOW + MINUTE };
    await ingest(t.db, a, minuteOf(NOW, "a", 1));
    const before = await graph({ layer: "service", ...current });
    const id = "service:web->service:api:http";
    expect(before.edges.find((e) => e.id === id)!.calls).toBe(11);
    expect((await graph({ layer: "service", ...current })).edges.find((e) => e.id === id)!.calls).toBe(11);
    // As another replica would: straight to the table, bypassing this process's ingest.
    await t.db.query(`UPDATE edge_minutes SET calls = calls + 4, server_count = server_count + 4 WHERE minute = $1 AND client = 'web' AND server = 'api'`, [new Date(NOW)]);
    await t.db.query(`UPDATE node_minutes SET calls = calls + 4 WHERE minute = $1 AND service = 'web' AND operation = ''`, [new Date(NOW)]);
    const after = await graph({ layer: "service", ...current });
    expect(after.edges.find((e) => e.id === id)!.calls).toBe(15);
    expect(after.nodes.find((n) => n.id === "service:web")!.calls).toBe(before.nodes.find((n) => n.id === "service:web")!.calls + 4);
  });
});

describe("windowParts", () => {
  const h = (n: number) => n * HOUR;
  const closed = h(100);
  it("reads short windows minute by minute", () => {
    expect(windowParts({ fromMs: h(10), toMs: h(13) }, closed)).toEqual([{ fromMs: h(10), toMs: h(13), hours: false }]);
  });
  it("splits a long window into loose minutes around whole closed hours", () => {
    expect(windowParts({ fromMs: h(10) + 5 * MINUTE, toMs: h(34) + 5 * MINUTE }, closed)).toEqual([
      { fromMs: h(10) + 5 * MINUTE, toMs: h(11), hours: false },
      { fromMs: h(11), toMs: h(34), hours: true },
      { fromMs: h(34), toMs: h(34) + 5 * MINUTE, hours: false },
    ]);
    // the hour still open is read as minutes
    expect(windowParts({ fromMs: h(76), toMs: h(100) + 30 * MINUTE }, h(99) + 50 * MINUTE)).toEqual([
      { fromMs: h(76), toMs: h(99), hours: true },
      { fromMs: h(99), toMs: h(100) + 30 * MINUTE, hours: false },
    ]);
  });
  it("sums in SQL what the caches should not hold", () => {
    expect(windowParts({ fromMs: h(0), toMs: h(CACHED_WINDOW_HOURS) + MINUTE }, closed)).toBeNull();
    // mostly future minutes: too many loose minutes
    expect(windowParts({ fromMs: h(90), toMs: h(110) }, closed)).toBeNull();
  });
});
