#!/usr/bin/env node
// `npm start`: build when the sources changed since the last build, then serve. The server
// migrates its database at start (instrumentation.ts), on PGlite in ./data unless DATABASE_URL
// is set. Prints where Strata is and how to send it data.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { startLocalStack } from "./local-stack.mjs";

const root = process.cwd();
const port = process.env.PORT ?? "3000";
const dataDir = path.resolve(process.env.STRATA_DATA_DIR || "./data");
// The simulator and its collector make the first start show a living system. They are for the
// embedded database only unless asked for: real use (DATABASE_URL) starts the server alone.
// `--no-simulator` or STRATA_SIMULATOR=off turns them off; STRATA_SIMULATOR=on turns them on.
const simulatorSetting = process.argv.includes("--no-simulator") ? "off" : (process.env.STRATA_SIMULATOR ?? "");
const withSimulator = simulatorSetting === "on" || (simulatorSetting !== "off" && !process.env.DATABASE_URL);
// A larger young generation: ingest allocates many short-lived strings per request, and with the
// default 16 MB semi-space the scavenger promoted most of them (bench/README.md).
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-semi-space-size=64`.trim() };
const SOURCE_DIRS = ["app", "components", "lib", "instrumentation.ts", "next.config.js", "package.json"];

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) {
    if (entry === "generated" || entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

const buildId = path.join(root, ".next", "BUILD_ID");
const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
const changed = Math.max(...SOURCE_DIRS.map((d) => newestMtime(path.join(root, d))));
if (!built || changed > built) {
  console.log("[strata] building (sources changed since the last build)…");
  const r = spawnSync("npx", ["next", "build"], { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const server = spawn("npx", ["next", "start", "-p", port], { stdio: ["ignore", "pipe", "inherit"], env });
let stack = null;
let announced = false;
server.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  if (!announced && /Ready|started server|Local:/i.test(String(chunk))) {
    announced = true;
    void announce();
  }
});

async function announce() {
  const url = `http://localhost:${port}`;
  for (let i = 0; i < 600; i++) {
    if (await fetch(`${url}/api/v1/health`).then((r) => r.ok).catch(() => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (withSimulator) {
    stack = await startLocalStack({ url, dataDir }).catch((err) => {
      console.error(`[strata] the demo simulator did not start: ${err.message}`);
      return null;
    });
  }
  console.log(`
  Strata is running at ${url}
  Database: ${process.env.DATABASE_URL ? "PostgreSQL from DATABASE_URL" : `embedded, in ${dataDir}`}
${withSimulator ? `
  A simulated payments platform is sending data through a local collector (OTLP on :4318).
  Inject a fault:  npm run demo -- --fault slow-database      (list: npm run demo -- --help)
  Start without it: npm start -- --no-simulator
` : ""}
  Send your own data:
    1. npx strata cluster create my-cluster        # prints an ingest token
    2. point any OpenTelemetry SDK or Collector at ${url} (OTLP/HTTP, path /v1/traces)
       with the header  Authorization: Bearer <token>
`);
}

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    stack?.stop(sig);
    server.kill(sig);
  });
}
server.on("exit", (code) => {
  stack?.stop();
  process.exit(code ?? 0);
});
