// The network read API end to end on both databases: address-map rows, raw flows (one a Hubble
// reply, several sharing one start time) and network rollups inserted directly, then the network
// edge, network node and flows endpoints answered through the real handlers and parsed by the
// contracts the browser uses. Bad input must be a 4xx naming the problem, never a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/tokens";
import { flowPageSchema, type FlowRecord } from "@/lib/contracts/flows";
import { networkEdgeDetailSchema, networkNodeDetailSchema } from "@/lib/contracts/network-detail";
import { installDatabase } from "@/lib/db";
import { resolvedFlows } from "@/lib/graph/flow-sql";
import { ensurePartitions } from "@/lib/ingest/partitions";
import { upsertNetworkEdgeMinutes } from "@/lib/ingest/rollup-upsert";
import { databaseKinds, type TestDatabase } from "@/lib/testing/databases";
import { networkReadRoutes } from "@/lib/testing/network-read-routes";
import { readRoutes } from "@/lib/testing/read-routes";
import { startRouteServer, type RouteServer } from "@/lib/testing/route-server";

const WEB = "shop/web-deploy";
const CART = "shop/cart-deploy";
const EDGE = `workload:${WEB}->workload:${CART}:flow`;

describe.each(databaseKinds)("network read API on $kind", ({ create }) => {
  let t: TestDatabase;
  let server: RouteServer;
  const startMs = Date.now() - 5_000;
  beforeAll(async () => {
    t = await create();
    installDatabase(t.db);
    server = await startRouteServer([...readRoutes, ...networkReadRoutes]);
    const { cluster } = await createCluster(t.db, `net-${Date.now()}`);
    await ensurePartitions(t.db, "flows", [startMs]);
    const from = new Date(startMs - 3_600_000);
    const to = new Date(startMs + 3_600_000);
    for (const [address, service, workload] of [["10.1.0.1", "web", "web-deploy"], ["10.1.0.2", "cart", "cart-deploy"]]) {
      await t.db.query(`INSERT INTO address_map (cluster_id, address, service, workload, namespace, valid_from, valid_to) VALUES ($1, $2, $3, $4, 'shop', $5, $6)`,
        [cluster.id, address, service, workload, from, to]);
    }
    // [src, srcPort, dst, dstPort, verdict, reason, bytes, attributes, own src workload/namespace, +ms]
    const flows = [
      ["10.1.0.1", 40000, "10.1.0.2", 8080, "accept", null, 1200, {}, null, null, 0],
      ["10.1.0.1", 40001, "10.1.0.2", 8080, "reject", "policy-denied", 60, {}, null, null, 0],
      ["10.1.0.1", 40002, "10.1.0.2", 8080, "reject", "policy-denied", 60, {}, null, null, 0],
      ["10.1.0.2", 8080, "10.1.0.1", 40000, "accept", null, 5000, { isReply: true }, null, null, 0],
      ["10.9.9.9", 51000, "10.1.0.2", 5432, "drop", "CT_MAP_INSERTION_FAILED", 80, {}, null, null, 0],
      ["10.7.0.5", 52000, "10.1.0.1", 9090, "accept", null, 300, {}, "metrics", "mon", 1000],
    ] as const;
    for (const [src, sport, dst, dport, verdict, reason, bytes, attributes, wl, ns, plus] of flows) {
      await t.db.query(
        `INSERT INTO flows (cluster_id, source_kind, src_addr, src_port, dst_addr, dst_port, protocol, bytes, packets, start_time, end_time,
                            verdict, reason, tcp_flags, src_workload, src_namespace, attributes)
         VALUES ($1, 'hubble', $2, $3, $4, $5, 6, $6, 2, $7, $7, $8, $9, 18, $10, $11, $12)`,
        [cluster.id, src, sport, dst, dport, bytes, new Date(startMs + plus), verdict, reason, wl, ns, JSON.stringify(attributes)]);
    }
    const minuteMs = Math.floor(startMs / 60_000) * 60_000;
    const row = { minuteMs, protocol: 6, drops: 0, l7Errors: 0 };
    await upsertNetworkEdgeMinutes(t.db, cluster.id, [
      { ...row, srcWorkload: WEB, dstWorkload: CART, dstPort: 8080, flows: 4, bytes: 6320, packets: 8, rejects: 2, retransmits: 1 },
      { ...row, srcWorkload: "10.9.9.9", dstWorkload: CART, dstPort: 5432, flows: 1, bytes: 80, packets: 2, rejects: 0, retransmits: 0, drops: 1 },
      { ...row, srcWorkload: "mon/metrics", dstWorkload: WEB, dstPort: 9090, flows: 1, bytes: 300, packets: 2, rejects: 0, retransmits: 0 },
    ]);
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  const get = (path: string) => fetch(`${server.url}${path}`);
  const flowsOf = async (qs: string) => {
    const res = await get(`/api/v1/flows?range=15m&${qs}`);
    expect(res.status).toBe(200);
    return flowPageSchema.parse(await res.json());
  };

  it("a network edge: exact totals from rollups, verdicts with reasons, talkers and mapped services from the raw flows", async () => {
    const res = await get(`/api/v1/network/edges/${encodeURIComponent(EDGE)}?range=15m`);
    expect(res.status).toBe(200);
    const d = networkEdgeDetailSchema.parse(await res.json());
    expect(d).toMatchObject({ id: EDGE, src: WEB, dst: CART });
    expect(d.totals).toMatchObject({ flows: 4, bytes: 6320, rejects: 2, retransmits: 1 });
    expect(d.series.reduce((a, p) => a + p.flows, 0)).toBe(4);
    expect(d.ports).toEqual([expect.objectContaining({ port: 8080, protocol: 6, flows: 4 })]);
    // The reply is folded into the request's direction: four raw flows beneath the edge.
    expect(d.flows.scanned).toBe(4);
    expect(d.flows.truncated).toBe(false);
    expect(d.flows.verdicts).toEqual(expect.arrayContaining([
      { verdict: "reject", reason: "policy-denied", flows: 2, bytes: 120 },
      { verdict: "accept", reason: null, flows: 2, bytes: 6200 },
    ]));
    expect(d.flows.topByRejects).toEqual([expect.objectContaining({ srcAddr: "10.1.0.1", dstAddr: "10.1.0.2", srcWorkload: WEB, dstWorkload: CART, rejects: 2 })]);
    expect(d.flows.topByBytes[0]).toMatchObject({ srcAddr: "10.1.0.1", dstAddr: "10.1.0.2", flows: 4, bytes: 6320 });
    expect(d.flows.addresses).toEqual(expect.arrayContaining([
      expect.objectContaining({ addr: "10.1.0.1", workload: WEB, service: "web", namespace: "shop" }),
      expect.objectContaining({ addr: "10.1.0.2", workload: CART, service: "cart" }),
    ]));
    expect(d.flows.recent).toHaveLength(4);
    const byNames = networkEdgeDetailSchema.parse(await (await get(`/api/v1/network/edges/${encodeURIComponent(`${WEB},${CART}`)}?range=15m`)).json());
    expect(byNames.totals.flows).toBe(4);
  });

  it("a network node: traffic in and out, peers with their edge ids, and flows on either side", async () => {
    const res = await get(`/api/v1/network/nodes/${encodeURIComponent(`workload:${CART}`)}?range=15m`);
    expect(res.status).toBe(200);
    const d = networkNodeDetailSchema.parse(await res.json());
    expect(d.inbound).toMatchObject({ flows: 5, bytes: 6400, rejects: 2, drops: 1 });
    expect(d.outbound.flows).toBe(0);
    expect(d.peers).toEqual(expect.arrayContaining([
      expect.objectContaining({ workload: WEB, direction: "in", edgeId: EDGE, flows: 4 }),
      expect.objectContaining({ workload: "10.9.9.9", direction: "in", flows: 1 }),
    ]));
    expect(d.flows.verdicts).toEqual(expect.arrayContaining([{ verdict: "drop", reason: "CT_MAP_INSERTION_FAILED", flows: 1, bytes: 80 }]));
    const web = networkNodeDetailSchema.parse(await (await get(`/api/v1/network/nodes/${encodeURIComponent(WEB)}?range=15m`)).json());
    expect(web.outbound.flows).toBe(4);
    expect(web.inbound.flows).toBe(1);
    expect(web.peers.map((p) => `${p.direction}:${p.workload}`).sort()).toEqual([`in:mon/metrics`, `out:${CART}`]);
  });

  it("flows page through the window newest first, each flow exactly once, even when many share a start time", async () => {
    const seen: FlowRecord[] = [];
    let cursor: string | null = "";
    let pages = 0;
    while (cursor !== null) {
      const page = await flowsOf(`limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.flows);
      cursor = page.nextCursor;
      pages++;
      expect(pages).toBeLessThan(10);
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(6);
    expect(seen[0].src.workload).toBe("mon/metrics"); // the newest, named by its source
    const keys = seen.map((f) => `${f.src.addr}:${f.src.port}>${f.dst.addr}:${f.dst.port}`);
    expect(new Set(keys).size).toBe(6);
    const reject = seen.find((f) => f.verdict === "reject")!;
    expect(reject).toMatchObject({ reason: "policy-denied", src: { workload: WEB, service: "web" }, dst: { workload: CART, service: "cart", port: 8080 } });
  });

  it("flows filter by source and destination (address or workload), either side, verdict and port", async () => {
    expect((await flowsOf(`src=${encodeURIComponent(WEB)}`)).flows).toHaveLength(4); // the reply counts as web → cart
    expect((await flowsOf(`src=${encodeURIComponent(WEB)}&dst=${encodeURIComponent(CART)}&verdict=reject`)).flows).toHaveLength(2);
    expect((await flowsOf(`dst=10.1.0.2`)).flows).toHaveLength(5); // web's four and the dropped probe
    expect((await flowsOf(`workload=${encodeURIComponent(CART)}`)).flows).toHaveLength(5);
    expect((await flowsOf(`workload=mon%2Fmetrics`)).flows).toHaveLength(1);
    expect((await flowsOf(`port=5432`)).flows).toEqual([expect.objectContaining({ verdict: "drop", reason: "CT_MAP_INSERTION_FAILED" })]);
    expect((await flowsOf(`src=nobody`)).flows).toEqual([]);
  });

  it("a capped read keeps the newest flows and knows there were more, without counting them all", async () => {
    const window = { fromMs: startMs - 600_000, toMs: startMs + 600_000, clusterId: null };
    const read = async (cap: number) => {
      const { sql, params } = resolvedFlows(window, cap, { countCandidates: true });
      return (await t.db.query<{ candidates: string; start_us: string }>(`SELECT candidates, (extract(epoch FROM start_time) * 1e6)::bigint::text AS start_us FROM (${sql}) r`, params.values)).rows;
    };
    const capped = await read(2);
    expect(capped).toHaveLength(2);
    expect(capped.every((r) => Number(r.candidates) === 3)).toBe(true); // one past the cap: "more than 2"
    expect(capped.map((r) => r.start_us)).toContain(String(Math.round((startMs + 1000) * 1000))); // the newest flow is kept
    const all = await read(100);
    expect(all).toHaveLength(6);
    expect(all.every((r) => Number(r.candidates) === 6)).toBe(true);
  });

  it("bad input is a 4xx naming the problem, never a 500", async () => {
    const hostile = encodeURIComponent(`'; DROP TABLE flows; --`);
    const cases: [string, number, RegExp?][] = [
      [`/api/v1/flows?range=15m&verdict=maybe`, 400, /^verdict/],
      [`/api/v1/flows?range=15m&limit=0`, 400, /^limit/],
      [`/api/v1/flows?range=15m&limit=100000`, 400, /^limit/],
      [`/api/v1/flows?range=15m&port=70000`, 400, /^port/],
      [`/api/v1/flows?range=15m&cursor=abc`, 400, /^cursor/],
      [`/api/v1/flows?range=15m&cursor=${"9".repeat(17)}_1`, 200],
      [`/api/v1/flows?range=99999d`, 400],
      [`/api/v1/flows?from=5&to=4`, 400, /from must be before to/],
      [`/api/v1/flows?from=8639999999999000&to=8639999999999999`, 400, /^from/],
      [`/api/v1/flows?from=253402200000000&to=253402214400000`, 200],
      [`/api/v1/flows?from=-1&to=5`, 400, /^from/],
      [`/api/v1/flows?range=15m&src=${hostile}`, 200],
      [`/api/v1/flows?range=15m&src=a%00b`, 400, /^src/],
      [`/api/v1/flows?range=15m&workload=${"x".repeat(600)}`, 400, /^workload/],
      [`/api/v1/network/edges/nonsense?range=15m`, 400, /^id/],
      [`/api/v1/network/edges/${encodeURIComponent(`workload:a->workload:b:flow`)}?range=15m`, 404],
      [`/api/v1/network/edges/${encodeURIComponent(`${hostile},x`)}?range=15m`, 404],
      [`/api/v1/network/edges/${encodeURIComponent(EDGE)}?range=soon`, 400, /^range/],
      [`/api/v1/network/edges/${encodeURIComponent("a\u0000,b")}?range=15m`, 400, /^id/],
      [`/api/v1/network/nodes/${encodeURIComponent("workload:")}?range=15m`, 400, /^id/],
      [`/api/v1/network/nodes/${"y".repeat(600)}?range=15m`, 400, /^id/],
      [`/api/v1/network/nodes/${hostile}?range=15m`, 404],
      [`/api/v1/network/nodes/${encodeURIComponent(CART)}?range=15m&cluster=${hostile}`, 404, /^no cluster/],
      [`/api/v1/services/${encodeURIComponent("a\u0000b")}?range=15m`, 400, /^name/],
      [`/api/v1/services/${hostile}?range=15m`, 404],
      [`/api/v1/edges/${encodeURIComponent("a\u0000,b,http")}?range=15m`, 400, /^id/],
      [`/api/v1/edges/${encodeURIComponent(`${hostile},b,http`)}?range=15m`, 404],
    ];
    for (const [path, status, message] of cases) {
      const res = await get(path);
      expect(res.status, path).toBe(status);
      if (message) expect((await res.json()).error.message, path).toMatch(message);
    }
  });
});
