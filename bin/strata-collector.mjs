#!/usr/bin/env node
// `npx strata-collector …`: the collector agent. Runs the TypeScript sources through tsx, as
// bin/strata.mjs does, with the signals forwarded so SIGTERM reaches the agent's graceful
// shutdown (spawnSync would leave the child running after the wrapper is killed).
//
// Node flags (collectors/node-flags.json) keep the agent's memory where its limiter expects it:
// a small young generation and a capped old space, measured at about 200 MiB peak RSS under
// full load instead of 300+ with V8's defaults, and --expose-gc so the memory limiter can force
// a collection above its hard limit. --initial-old-space-size=64 because the agent's live heap is
// about 25 MiB: V8's default start put a full collection every 0.3–0.5 s under load (32 full
// collections, 740 ms, where 11 took 185 ms with the flag; collectors/README "Performance"). The heap cap follows STRATA_COLLECTOR_MEMORY_HARD_MIB
// (hard limit − 90 MiB, the resident size of the code itself); NODE_OPTIONS may set it instead.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let flags = JSON.parse(readFileSync(path.join(root, "collectors/node-flags.json"), "utf8"));
const hard = Number(process.env.STRATA_COLLECTOR_MEMORY_HARD_MIB);
if ((process.env.NODE_OPTIONS ?? "").includes("--max-old-space-size")) flags = flags.filter((f) => !f.startsWith("--max-old-space-size"));
else if (Number.isInteger(hard) && hard > 0) flags = flags.map((f) => (f.startsWith("--max-old-space-size") ? `--max-old-space-size=${Math.max(128, hard - 90)}` : f));

const child = spawn(
  process.execPath,
  [...flags, "--conditions=react-server", "--import", "tsx", path.join(root, "collectors/main.ts"), ...process.argv.slice(2)],
  { stdio: "inherit", cwd: process.cwd(), env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json") } },
);
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
