// The rest of `npm start`'s living system, once the server answers: a cluster "local" and its
// token (kept in the data folder, so a restart reuses it), one collector agent, and the
// payments simulator sending OTLP to the collector and writing the flow logs it tails.
// History is backfilled once per data folder; later starts continue live only.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

async function adminToken(dataDir) {
  if (process.env.STRATA_ADMIN_TOKEN) return process.env.STRATA_ADMIN_TOKEN;
  const file = path.join(dataDir, "admin-token");
  for (let i = 0; i < 100 && !existsSync(file); i++) await wait(100); // the server writes it at boot
  return readFileSync(file, "utf8").trim();
}

async function api(url, token, method, route, body) {
  const res = await fetch(new URL(route, url), {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => ({})) };
}

/** The local cluster's ingest token: from the data folder, or made now (once). */
async function localClusterToken(url, dataDir) {
  const file = path.join(dataDir, "local-cluster-token");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const admin = await adminToken(dataDir);
  let created = await api(url, admin, "POST", "/api/v1/clusters", { name: "local" });
  if (created.status === 409) {
    const { body } = await api(url, admin, "GET", "/api/v1/clusters");
    const local = body.clusters.find((c) => c.name === "local");
    created = await api(url, admin, "POST", `/api/v1/clusters/${local.id}/tokens`);
  }
  if (created.status !== 201) throw new Error(`could not create the local cluster: ${JSON.stringify(created.body)}`);
  writeFileSync(file, created.body.token + "\n", { mode: 0o600 });
  return created.body.token;
}

function collectorConfig(url, dataDir, flowDir) {
  return `# Written by npm start for the local demo; see collectors/README.md for every setting.
server:
  url: ${url}
  tokenFile: ${path.join(dataDir, "local-cluster-token")}
cluster: local
dataDir: ${path.join(dataDir, "collector")}
otlp:
  http:
    listen: 127.0.0.1:4318
metrics:
  listen: 127.0.0.1:8888
# Cut (ship open minutes) every second rather than the default 5 s, so what the simulator does
# shows on the graph within a refresh; a fleet agent trades that for fewer, larger batches.
batch:
  maxAge: 1s
sources:
  - dir: ${path.join(flowDir, "aws-vpc-flow")}
    format: aws-vpc-flow
  - dir: ${path.join(flowDir, "aws-lattice")}
    format: aws-lattice
  - dir: ${path.join(flowDir, "hubble")}
    format: hubble
`;
}

export async function startLocalStack({ url, dataDir }) {
  const root = process.cwd();
  const flowDir = path.join(dataDir, "simulator");
  for (const d of ["aws-vpc-flow", "aws-lattice", "hubble"]) mkdirSync(path.join(flowDir, d), { recursive: true });
  await localClusterToken(url, dataDir);
  const configFile = path.join(dataDir, "collector.yaml");
  writeFileSync(configFile, collectorConfig(url, dataDir, flowDir));

  const children = [];
  const collector = spawn(process.execPath, [path.join(root, "bin/strata-collector.mjs"), "--config", configFile], { stdio: "inherit" });
  children.push(collector);
  for (let i = 0; i < 200; i++) {
    if (await fetch("http://127.0.0.1:8888/readyz").then((r) => r.ok).catch(() => false)) break;
    if (collector.exitCode !== null) throw new Error("the collector exited at start; see its message above");
    await wait(100);
  }

  const marker = path.join(flowDir, ".backfilled");
  const backfill = existsSync(marker) ? "0" : process.env.STRATA_SIMULATOR_BACKFILL ?? "1h";
  writeFileSync(marker, new Date().toISOString() + "\n");
  children.push(
    spawn(
      process.execPath,
      [path.join(root, "bin/strata-simulate.mjs"), "--endpoint", "http://127.0.0.1:4318/v1/traces", "--flow-dir", flowDir, "--backfill", backfill],
      { stdio: "inherit" },
    ),
  );
  return {
    stop(signal = "SIGTERM") {
      for (const c of children) if (c.exitCode === null) c.kill(signal);
    },
  };
}
