// Runs the payments simulator through the same road `npm start` uses — OTLP into a real collector
// agent (in process), flow-log files tailed by that agent, batches into the REAL ingest route on a
// real database — with a schedule of faults replayed in the past (backfill, explicit timestamps),
// then answers questions about what the server stored. The collector road and not the server's
// /v1/traces route: network rollups (network_edge_minutes) are computed only by the agent, from the
// flow files, so only this road carries every fault's network signals to the database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Agent } from "@/collectors/agent/agent";
import { testConfig } from "@/collectors/testing/agent-config";
import { startTestServer, storedRows, type TestServer } from "@/collectors/testing/strata-test-server";
import { waitFor } from "@/collectors/testing/wait-for";
import type { FaultRequest } from "@/lib/simulator/fault-factory";
import type { Fault } from "@/lib/simulator/faults";
import { startSimulator } from "@/lib/simulator/simulator";

export const MINUTE = 60_000;

export interface ScheduledFault extends FaultRequest {
  /** minutes after the start of the backfill */
  atMinute: number;
  minutes: number;
}

export interface SimulatedRun {
  server: TestServer;
  clusterId: number;
  /** start of the backfill, a whole minute */
  t0: number;
  faults: Fault[];
  spansExported: number;
  flowDir: string;
  groundTruth: { seed: number | string; faults: (Fault & { startTime: string; endTime: string })[] };
  close(): Promise<void>;
}

/** Simulates `minutes` of history ending at the last quarter hour, with the faults scheduled. */
export async function simulateThroughCollector(kind: "pglite" | "postgres", opts: { minutes: number; rate: number; seed: number; faults: ScheduledFault[] }): Promise<SimulatedRun> {
  const server = await startTestServer(kind);
  const cluster = await server.createCluster(`faults-${kind}`);
  const flowDir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-sim-flows-"));
  const sources = ["aws-vpc-flow", "aws-lattice", "hubble"].map((format) => {
    fs.mkdirSync(path.join(flowDir, format), { recursive: true });
    return { dir: path.join(flowDir, format), format };
  });
  const agent = new Agent(testConfig(server.url, cluster.token, { sources, batch: { maxAge: 500 } }), { log: () => undefined });
  await agent.start();

  // The simulated load drifts with a 15-minute period of wall-clock time: ending on a multiple of
  // 15 minutes makes a seed reproduce the same run, whatever the hour.
  const end = Math.floor(Date.now() / (15 * MINUTE)) * 15 * MINUTE;
  const t0 = end - opts.minutes * MINUTE;
  const sim = startSimulator({
    endpoint: `http://127.0.0.1:${agent.otlpAddress!.port}/v1/traces`,
    seed: opts.seed,
    ratePerSecond: opts.rate,
    backfillMs: opts.minutes * MINUTE,
    now: () => end,
    live: false,
    flowDir,
    faults: opts.faults.map(({ atMinute, minutes, ...f }) => ({ ...f, startMs: t0 + atMinute * MINUTE, durationMs: minutes * MINUTE })),
  });
  await sim.ready;
  await sim.stop(); // writes the last minutes of flow lines
  const stats = sim.stats();
  if (stats.failedExports) throw new Error(`simulator exports failed: ${stats.lastError}`);

  // Every span handed to the agent and every flow line tailed, then one final cut and delivery.
  await agent.pollFilesNow();
  await agent.cutNow();
  await agent.shutdown(Date.now() + 60_000);
  const groundTruth = JSON.parse(fs.readFileSync(path.join(flowDir, "ground-truth.json"), "utf8")) as SimulatedRun["groundTruth"];
  await waitFor(() => storedRows(server.db, "spans", cluster.id), (n) => n >= stats.spansExported, 30_000, "every exported span stored");
  return {
    server,
    clusterId: cluster.id,
    t0,
    faults: sim.faults(),
    spansExported: stats.spansExported,
    flowDir,
    groundTruth,
    async close() {
      await server.close();
      fs.rmSync(flowDir, { recursive: true, force: true });
    },
  };
}

