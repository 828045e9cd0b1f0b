import "server-only";
// The CLI's two ways to reach clusters and tokens. With DATABASE_URL it opens PostgreSQL itself.
// Without it the database is the embedded one, which belongs to the running server alone
// (DESIGN.md), so the CLI calls the server's admin API with the admin token from the data folder.
import { readFileSync, existsSync } from "node:fs";
import type { ClusterSummary } from "@/lib/clusters/tokens";
import { adminTokenPath } from "@/lib/clusters/admin-auth";

export interface AdminClient {
  createCluster(name: string): Promise<{ cluster: ClusterSummary; token: string }>;
  listClusters(): Promise<ClusterSummary[]>;
  issueToken(clusterRef: string): Promise<{ clusterId: number; token: string }>;
  revokeToken(tokenId: number): Promise<void>;
  close(): Promise<void>;
}

export async function directClient(databaseUrl: string): Promise<AdminClient> {
  const { openDatabase } = await import("@/lib/db");
  const tokens = await import("@/lib/clusters/tokens");
  const db = await openDatabase({ databaseUrl, dataDir: "", poolSize: 2 });
  const resolve = async (ref: string) => {
    const byName = await tokens.findClusterByName(db, ref);
    if (byName) return byName.id;
    if (/^\d+$/.test(ref)) return (await tokens.getCluster(db, Number(ref))).id;
    throw new Error(`no cluster named "${ref}"`);
  };
  return {
    createCluster: (name) => tokens.createCluster(db, name),
    listClusters: () => tokens.listClusters(db),
    async issueToken(ref) {
      const clusterId = await resolve(ref);
      return { clusterId, token: await tokens.issueToken(db, clusterId) };
    },
    revokeToken: (id) => tokens.revokeToken(db, id),
    close: () => db.close(),
  };
}

export function httpClient(baseUrl: string, dataDir: string, envToken?: string): AdminClient {
  const file = adminTokenPath(dataDir);
  const token = envToken ?? (existsSync(file) ? readFileSync(file, "utf8").trim() : null);
  if (!token) {
    throw new Error(
      `no admin token: start the server once (it writes ${file}), or set STRATA_ADMIN_TOKEN`,
    );
  }
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(new URL(path, baseUrl), {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new Error(`cannot reach the Strata server at ${baseUrl}: is it running? (set STRATA_URL to point elsewhere)`);
    }
    const payload = (await res.json().catch(() => ({}))) as { error?: { message: string } } & T;
    if (!res.ok) throw new Error(payload.error?.message ?? `server answered ${res.status}`);
    return payload;
  }
  return {
    createCluster: (name) => call("POST", "/api/v1/clusters", { name }),
    listClusters: async () => (await call<{ clusters: ClusterSummary[] }>("GET", "/api/v1/clusters")).clusters,
    async issueToken(ref) {
      const clusters = await this.listClusters();
      const c = clusters.find((x) => x.name === ref || String(x.id) === ref);
      if (!c) throw new Error(`no cluster named "${ref}"`);
      return call("POST", `/api/v1/clusters/${c.id}/tokens`);
    },
    revokeToken: async (id) => {
      await call("DELETE", `/api/v1/tokens/${id}`);
    },
    close: async () => undefined,
  };
}
