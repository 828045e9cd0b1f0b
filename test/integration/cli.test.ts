// `npx strata …` as a user runs it: directly on PostgreSQL (DATABASE_URL), and through the
// server's admin API when the database is the embedded one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as clusters from "@/app/api/v1/clusters/route";
import * as tokens from "@/app/api/v1/clusters/[id]/tokens/route";
import * as revoke from "@/app/api/v1/tokens/[id]/route";
import { authenticateCluster } from "@/lib/clusters/authenticate";
import { installDatabase } from "@/lib/db";
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from "@/lib/testing/databases";
import { startRouteServer, type RouteServer } from "@/lib/testing/route-server";

const run = promisify(execFile);
const cli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, [path.resolve("bin/strata.mjs"), ...args], { env: { ...process.env, ...env }, timeout: 60_000 });
const bearer = (token: string) => new Request("http://x/", { headers: { authorization: `Bearer ${token}` } });

describe("strata CLI on PostgreSQL (DATABASE_URL)", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createPostgresTestDatabase();
  });
  afterAll(async () => t?.drop());

  it("creates a cluster, prints its token once, lists and revokes", async () => {
    const env = { DATABASE_URL: t.url! };
    const created = await cli(["cluster", "create", "cli-prod"], env);
    const token = /^(strata_\S+)$/m.exec(created.stdout)![1];
    expect(await authenticateCluster(t.db, bearer(token))).toBeGreaterThan(0);
    const listed = await cli(["cluster", "list"], env);
    expect(listed.stdout).toMatch(/cli-prod/);
    const tokenId = /token (\d+)/.exec(listed.stdout)![1];
    await cli(["token", "revoke", tokenId], env);
    await expect(authenticateCluster(t.db, bearer(token))).rejects.toMatchObject({ code: "unauthorized" });
    await expect(cli(["cluster", "create", "cli-prod"], env)).rejects.toMatchObject({ stderr: expect.stringMatching(/already exists/) });
    await expect(cli(["bogus"], env)).rejects.toMatchObject({ code: 2 });
  }, 90_000);
});

describe("strata CLI against a running server (embedded database)", () => {
  let t: TestDatabase;
  let server: RouteServer;
  const adminToken = "cli_test_admin_token_0123456789";
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "strata-cli-"));
  beforeAll(async () => {
    process.env.STRATA_ADMIN_TOKEN = adminToken;
    t = await createPgliteTestDatabase();
    installDatabase(t.db);
    server = await startRouteServer([
      { method: "GET", path: "/api/v1/clusters", handler: clusters.GET },
      { method: "POST", path: "/api/v1/clusters", handler: clusters.POST },
      { method: "POST", path: "/api/v1/clusters/:id/tokens", handler: tokens.POST },
      { method: "DELETE", path: "/api/v1/tokens/:id", handler: revoke.DELETE },
    ]);
    writeFileSync(path.join(dataDir, "admin-token"), adminToken + "\n"); // as the server writes it
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it("uses the admin token from the data folder and the server's API", async () => {
    const env = { DATABASE_URL: "", STRATA_URL: server.url, STRATA_DATA_DIR: dataDir, STRATA_ADMIN_TOKEN: "" };
    const created = await cli(["cluster", "create", "edge-1"], env);
    const token = /^(strata_\S+)$/m.exec(created.stdout)![1];
    expect(await authenticateCluster(t.db, bearer(token))).toBeGreaterThan(0);
    const second = await cli(["token", "create", "edge-1"], env);
    expect(second.stdout).toMatch(/^strata_/m);
    const wrong = { ...env, STRATA_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "strata-cli-none-")) };
    await expect(cli(["cluster", "list"], wrong)).rejects.toMatchObject({ stderr: expect.stringMatching(/no admin token/) });
  }, 90_000);
});
