// One benchmark run of the agent as its own process, pinned to one core (taskset) so its
// figures are "on one core": the load generator, the sink and the route server run in this
// process, on the other core. Samples the disk queue's size on disk while it runs and reads
// the agent's peak RSS (VmHWM) before stopping it.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { scrape, spawnAgent, writeConfigFile, type AgentProcess } from "@/collectors/testing/agent-process";
import { tempDir } from "@/collectors/testing/agent-config";

export interface AgentRun {
  agent: AgentProcess;
  dataDir: string;
  /** largest size of data/queue on disk seen so far */
  peakQueueDiskBytes(): number;
  peakRssMiB(): number;
  /** CPU seconds (user + system) the agent process has used so far: unlike wall-clock rates,
   *  spans per CPU-second do not depend on what else the machine is running. */
  cpuSeconds(): number;
  metric(name: string): Promise<number>;
  stop(): Promise<void>;
}

const pinned = spawnSync("taskset", ["-c", "0", "true"]).status === 0 ? ["taskset", "-c", "0"] : [];
export const PINNED_TO_ONE_CORE = pinned.length > 0;
export const PIN_PREFIX = pinned;

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += fs.statSync(path.join(e.parentPath, e.name), { throwIfNoEntry: false })?.size ?? 0;
  }
  return total;
}

export async function startAgentRun(config: Record<string, unknown>): Promise<AgentRun> {
  const dir = tempDir("strata-bench-");
  const dataDir = path.join(dir, "data");
  const file = writeConfigFile(dir, {
    cluster: "bench",
    otlp: { http: { listen: "127.0.0.1:0" }, grpc: { listen: "127.0.0.1:0" } },
    metrics: { listen: "127.0.0.1:0" },
    dataDir,
    ...config,
  });
  // BENCH_AGENT_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the agent.
  const nodeFlags = (process.env.BENCH_AGENT_NODE_FLAGS ?? "").split(" ").filter(Boolean);
  const agent = await spawnAgent(file, 60_000, pinned, nodeFlags);
  // Never leave an agent behind when the benchmark fails half-way.
  const killOnExit = () => agent.child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let peakQueue = 0;
  let peakRss = 0;
  const sample = () => {
    try {
      peakQueue = Math.max(peakQueue, dirBytes(path.join(dataDir, "queue")));
      const status = fs.readFileSync(`/proc/${agent.child.pid}/status`, "utf8");
      peakRss = Math.max(peakRss, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    } catch {
      // the process or a segment went away between listing and stat
    }
  };
  const timer = setInterval(sample, 100);
  return {
    agent,
    dataDir,
    peakQueueDiskBytes: () => peakQueue,
    peakRssMiB: () => (sample(), peakRss),
    cpuSeconds: () => {
      const fields = fs.readFileSync(`/proc/${agent.child.pid}/stat`, "utf8").split(") ")[1].split(" ");
      return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
    },
    metric: async (name) => (await scrape(agent.opsUrl, name)).reduce((a, b) => a + b, 0),
    async stop() {
      sample();
      clearInterval(timer);
      agent.child.kill("SIGTERM");
      await agent.exited;
      process.off("exit", killOnExit);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
