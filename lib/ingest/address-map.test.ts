import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, type TestDatabase } from "@/lib/testing/databases";
import { recordAddresses } from "./address-map";

const obs = (address: string, service: string, firstSeenMs: number, lastSeenMs: number) => ({
  address, service, workload: `${service}-deploy`, namespace: "pay", firstSeenMs, lastSeenMs,
});

describe.each(databaseKinds)("address map on $kind", ({ create }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => t?.drop());

  const rows = async () =>
    (await t.db.query<{ service: string; from: number; to: number }>(
      `SELECT service, extract(epoch FROM valid_from)::int AS from, extract(epoch FROM valid_to)::int AS to
         FROM address_map WHERE address = '10.9.0.1' ORDER BY valid_from`,
    )).rows;

  it("extends a mapping while the owner stays, and starts a new one when a pod IP is reused", async () => {
    const t0 = Date.UTC(2026, 10, 26, 10) ;
    await t.db.transaction((tx) => recordAddresses(t.db, tx, 1, [obs("10.9.0.1", "payments", t0, t0 + 1000)]));
    await t.db.transaction((tx) => recordAddresses(t.db, tx, 1, [obs("10.9.0.1", "payments", t0 + 60_000, t0 + 120_000)]));
    await t.db.transaction((tx) => recordAddresses(t.db, tx, 1, [obs("10.9.0.1", "ledger", t0 + 600_000, t0 + 660_000)]));
    expect(await rows()).toEqual([
      { service: "payments", from: t0 / 1000, to: (t0 + 120_000) / 1000 },
      { service: "ledger", from: (t0 + 600_000) / 1000, to: (t0 + 660_000) / 1000 },
    ]);
  });

  it("learns a peer's address where nothing claims it, but never over a resource's claim", async () => {
    const t0 = Date.UTC(2026, 10, 28, 10);
    const peer = (address: string, first: number, last: number) => ({ address, service: "postgres", workload: null, namespace: null, firstSeenMs: first, lastSeenMs: last, peer: true });
    const owners = async (address: string) =>
      (await t.db.query<{ service: string; workload: string | null }>(`SELECT service, workload FROM address_map WHERE cluster_id = 3 AND address = $1 ORDER BY valid_from`, [address])).rows;
    // an unclaimed database address: learned, then extended by later sightings
    await t.db.transaction((tx) => recordAddresses(t.db, tx, 3, [peer("10.9.1.1", t0, t0 + 1000)]));
    await t.db.transaction((tx) => recordAddresses(t.db, tx, 3, [peer("10.9.1.1", t0 + 120_000, t0 + 121_000)]));
    expect(await owners("10.9.1.1")).toEqual([{ service: "postgres", workload: null }]);
    // a claimed address: the peer observation (same batch or a later one) changes nothing
    await t.db.transaction((tx) => recordAddresses(t.db, tx, 3, [obs("10.9.1.2", "ledger", t0, t0 + 60_000), peer("10.9.1.2", t0, t0 + 1000)]));
    await t.db.transaction((tx) => recordAddresses(t.db, tx, 3, [peer("10.9.1.2", t0 + 90_000, t0 + 200_000)]));
    expect(await owners("10.9.1.2")).toEqual([{ service: "ledger", workload: "ledger-deploy" }]);
    // long after the claim ended (a reused pod IP), a peer may fill the gap
    await t.db.transaction((tx) => recordAddresses(t.db, tx, 3, [peer("10.9.1.2", t0 + 3_600_000, t0 + 3_601_000)]));
    expect((await owners("10.9.1.2")).map((o) => o.service)).toEqual(["ledger", "postgres"]);
  });

  it("learns a pod a flow source named (an endpoint) below claims and peers: it fills a gap, a peer replaces it", async () => {
    const t0 = Date.UTC(2026, 10, 29, 10);
    const endpoint = (address: string, first: number, last: number) => ({ address, service: null, workload: "kafka", namespace: "payments", firstSeenMs: first, lastSeenMs: last, peer: true });
    const peer = (address: string, first: number, last: number) => ({ address, service: "kafka", workload: null, namespace: null, firstSeenMs: first, lastSeenMs: last, peer: true });
    const owners = async (address: string) =>
      (await t.db.query<{ service: string | null; workload: string | null; namespace: string | null }>(
        `SELECT service, workload, namespace FROM address_map WHERE cluster_id = 4 AND address = $1 ORDER BY valid_from`, [address])).rows;
    // nothing else knows the address: the endpoint names it, and later sightings extend its row
    await t.db.transaction((tx) => recordAddresses(t.db, tx, 4, [endpoint("10.9.2.1", t0, t0 + 1000)]));
    await t.db.transaction((tx) => recordAddresses(t.db, tx, 4, [endpoint("10.9.2.1", t0 + 120_000, t0 + 121_000)]));
    expect(await owners("10.9.2.1")).toEqual([{ service: null, workload: "kafka", namespace: "payments" }]);
    const r = await t.db.query<{ to: number }>(`SELECT extract(epoch FROM valid_to)::int AS to FROM address_map WHERE cluster_id = 4 AND address = '10.9.2.1'`);
    expect(r.rows[0].to).toBe((t0 + 121_000) / 1000);
    // in one batch, a claim and a peer each outrank an endpoint of the same address
    await t.db.transaction((tx) => recordAddresses(t.db, tx, 4, [endpoint("10.9.2.2", t0, t0 + 1000), obs("10.9.2.2", "ledger", t0, t0 + 1000)]));
    await t.db.transaction((tx) => recordAddresses(t.db, tx, 4, [endpoint("10.9.2.3", t0, t0 + 9000), peer("10.9.2.3", t0, t0 + 1000)]));
    expect(await owners("10.9.2.2")).toEqual([{ service: "ledger", workload: "ledger-deploy", namespace: "pay" }]);
    expect(await owners("10.9.2.3")).toEqual([{ service: "kafka", workload: null, namespace: null }]);
    // across batches: an endpoint never covers a claim or a peer, while a peer seen after an
    // endpoint starts its own (newer, preferred) row
    await t.db.transaction((tx) => recordAddresses(t.db, tx, 4, [endpoint("10.9.2.2", t0 + 60_000, t0 + 61_000), endpoint("10.9.2.3", t0 + 60_000, t0 + 61_000)]));
    await t.db.transaction((tx) => recordAddresses(t.db, tx, 4, [peer("10.9.2.1", t0 + 180_000, t0 + 181_000)]));
    expect((await owners("10.9.2.2")).map((o) => o.service)).toEqual(["ledger"]);
    expect((await owners("10.9.2.3")).map((o) => o.service)).toEqual(["kafka"]);
    expect((await owners("10.9.2.1")).map((o) => o.service)).toEqual([null, "kafka"]);
  });

  it("writes one row when concurrent requests see the same new address", async () => {
    const t0 = Date.UTC(2026, 10, 27, 10);
    await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        t.db.transaction(async (tx) => {
          // Two minutes apart, so the per-process memo lets every one of them through to SQL.
          await recordAddresses(t.db, tx, 2, [obs("10.9.9.9", "fx", t0 + i * 120_000, t0 + i * 120_000 + 1000)]);
          // Hold the transaction open, as the rest of an ingest transaction would: without the
          // lock, the others would not see this row and insert their own.
          await tx.query("SELECT pg_sleep(0.2)");
        }),
      ),
    );
    const r = await t.db.query(`SELECT 1 FROM address_map WHERE cluster_id = 2 AND address = '10.9.9.9'`);
    expect(r.rowCount).toBe(1);
  });
});
