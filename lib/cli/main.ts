import "server-only";
// strata — administer clusters and ingest tokens.
//   strata cluster create NAME     create a cluster and print its first token (shown once)
//   strata cluster list            list clusters and their tokens
//   strata token create CLUSTER    issue another token for a cluster (name or id)
//   strata token revoke TOKEN_ID   revoke a token; its next request gets 401
//   strata migrate                 apply pending migrations (DATABASE_URL only)
import { directClient, httpClient, type AdminClient } from "./admin-client";

const USAGE = `usage:
  strata cluster create NAME
  strata cluster list
  strata token create CLUSTER
  strata token revoke TOKEN_ID
  strata migrate`;

function client(): Promise<AdminClient> {
  const url = process.env.DATABASE_URL;
  if (url) return directClient(url);
  const base = process.env.STRATA_URL || `http://127.0.0.1:${process.env.PORT || 3000}`;
  // Empty variables mean unset, as in lib/env.ts.
  return Promise.resolve(httpClient(base, process.env.STRATA_DATA_DIR || "./data", process.env.STRATA_ADMIN_TOKEN || undefined));
}

async function run(args: string[]): Promise<number> {
  const [noun, verb, arg] = args;
  if (noun === "migrate") {
    if (!process.env.DATABASE_URL) throw new Error("migrate needs DATABASE_URL; the embedded database is migrated by the server at start");
    const c = await directClient(process.env.DATABASE_URL); // opening migrates
    await c.close();
    console.log("migrations applied");
    return 0;
  }
  const key = `${noun ?? ""} ${verb ?? ""}`;
  const needsArg = ["cluster create", "token create", "token revoke"].includes(key);
  if (!["cluster list", "cluster create", "token create", "token revoke"].includes(key) || (needsArg && !arg)) {
    console.error(USAGE);
    return 2;
  }
  const c = await client();
  try {
    if (key === "cluster create") {
      const { cluster, token } = await c.createCluster(arg);
      console.log(`cluster "${cluster.name}" created (id ${cluster.id})`);
      console.log(`ingest token (shown once, keep it safe):\n${token}`);
    } else if (key === "cluster list") {
      for (const cl of await c.listClusters()) {
        console.log(`${cl.id}\t${cl.name}\t${cl.createdAt}`);
        for (const t of cl.tokens) console.log(`  token ${t.id}\t${t.prefix}…\t${t.revokedAt ? `revoked ${t.revokedAt}` : "active"}`);
      }
    } else if (key === "token create") {
      const { clusterId, token } = await c.issueToken(arg);
      console.log(`new token for cluster ${clusterId} (shown once):\n${token}`);
    } else {
      if (!/^\d+$/.test(arg)) throw new Error("TOKEN_ID must be a number (see `strata cluster list`)");
      await c.revokeToken(Number(arg));
      console.log(`token ${arg} revoked`);
    }
    return 0;
  } finally {
    await c.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`strata: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
