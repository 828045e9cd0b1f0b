// Test-only: the agent as a real child process (collectors/main.ts through tsx, as the bin
// runs it), for tests that kill it. Learns its ports from its start-up line.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import NODE_FLAGS from "../node-flags.json";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface AgentProcess {
  child: ChildProcess;
  otlpUrl: string;
  /** host:port of the OTLP/gRPC receiver; null when it is disabled */
  otlpGrpcAddress: string | null;
  opsUrl: string;
  output: () => string;
  /** resolves with the exit code (or signal name) */
  exited: Promise<number | string>;
}

export function writeConfigFile(dir: string, config: Record<string, unknown>): string {
  const file = path.join(dir, "collector.yaml");
  fs.writeFileSync(file, stringify(config));
  return file;
}

/** `prefix` runs the agent under another command, e.g. ["taskset", "-c", "0"]; `nodeFlags` go to
 *  node, e.g. ["--cpu-prof"] (benchmarks). */
export async function spawnAgent(
  configFile: string,
  timeoutMs = 30_000,
  prefix: string[] = [],
  nodeFlags: string[] = [],
  env: Record<string, string> = {},
): Promise<AgentProcess> {
  // The same node flags as bin/strata-collector.mjs (memory caps, --expose-gc).
  const argv = [process.execPath, ...NODE_FLAGS, ...nodeFlags, "--conditions=react-server", "--import", "tsx", path.join(repoRoot, "collectors/main.ts"), "--config", configFile];
  const command = [...prefix, ...argv];
  const child = spawn(command[0], command.slice(1), {
    cwd: repoRoot,
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repoRoot, "tsconfig.json"), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  const started = /started: OTLP\/HTTP on ([\d.]+:\d+), health and metrics on ([\d.]+:\d+)(?:, OTLP\/gRPC on ([\d.]+:\d+))?/;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = started.exec(out);
    if (m) return { child, otlpUrl: `http://${m[1]}`, opsUrl: `http://${m[2]}`, otlpGrpcAddress: m[3] ?? null, output: () => out, exited };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`agent did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The samples of a metric on the agent's /metrics; `metric` may include the start of its
 *  labels (`name{signal="spans"`) to pick some series. */
export async function scrape(opsUrl: string, metric: string): Promise<number[]> {
  const text = await (await fetch(`${opsUrl}/metrics`)).text();
  const partialLabels = metric.includes("{");
  return text
    .split("\n")
    .filter((l) => l.startsWith(metric) && (partialLabels || l[metric.length] === " " || l[metric.length] === "{"))
    .map((l) => Number(l.slice(l.lastIndexOf(" ") + 1)));
}
