import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, type TestDatabase } from "@/lib/testing/databases";
import { authenticateCluster } from "./authenticate";
import { createCluster, hashToken, issueToken, listClusters, revokeToken } from "./tokens";

const withBearer = (token: string) => new Request("http://x/", { headers: { authorization: `Bearer ${token}` } });

describe.each(databaseKinds)("clusters and tokens on $kind", ({ create }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => t?.drop());

  it("creates a cluster whose token authenticates, stores only the hash, and revokes", async () => {
    const { cluster, token } = await createCluster(t.db, "prod-eu");
    expect(token).toMatch(/^strata_[A-Za-z0-9_-]{32}$/);
    expect(await authenticateCluster(t.db, withBearer(token))).toBe(cluster.id);

    const stored = await t.db.query<{ token_hash: string }>(`SELECT token_hash FROM ingest_tokens`);
    expect(stored.rows.map((r) => r.token_hash)).toEqual([hashToken(token)]);

    const second = await issueToken(t.db, cluster.id);
    const [listed] = await listClusters(t.db);
    expect(listed.tokens).toHaveLength(2);
    await revokeToken(t.db, listed.tokens[0].id);
    await expect(authenticateCluster(t.db, withBearer(token))).rejects.toMatchObject({ code: "unauthorized" });
    expect(await authenticateCluster(t.db, withBearer(second))).toBe(cluster.id);
    await expect(revokeToken(t.db, listed.tokens[0].id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses duplicate and malformed names, and missing or unknown bearer tokens", async () => {
    await createCluster(t.db, "dup");
    await expect(createCluster(t.db, "dup")).rejects.toMatchObject({ code: "conflict" });
    await expect(createCluster(t.db, "bad name; drop table")).rejects.toMatchObject({ code: "bad_request" });
    await expect(authenticateCluster(t.db, new Request("http://x/"))).rejects.toMatchObject({ code: "unauthorized" });
    await expect(authenticateCluster(t.db, withBearer("strata_nope"))).rejects.toMatchObject({ code: "unauthorized" });
  });
});
