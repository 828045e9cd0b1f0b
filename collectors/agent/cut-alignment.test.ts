// A cut never falls inside a round of the flow-log tailers: lines written together are
// aggregated together. Here the VPC records of a minute reach a pod only Hubble names (a broker
// none of whose clients' spans carry its address); the VPC files are read before the Hubble file
// in each round, and cuts are due every millisecond. Every network edge must carry the pod's
// name: a cut between the files would ship the first records under the raw address.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir, testConfig } from "../testing/agent-config";
import { hubbleFlowLine, vpcFlowLine } from "../testing/flow-lines";
import { startSink, type Sink } from "../testing/sink-server";
import { waitFor } from "../testing/wait-for";
import { Agent } from "./agent";

let sink: Sink;
beforeAll(async () => {
  sink = await startSink({ keep: true });
});
afterAll(() => sink?.close());

describe("cuts and tailer rounds", () => {
  it("names VPC records by the Hubble flows read in the same round, however often cuts are due", async () => {
    const dirs = flowFolders("strata-cut-align-");
    const flows = writeBrokerMinute(dirs);
    const agent = agentTailing(dirs);
    const firstBatch = sink.received.length;
    await agent.start();
    try {
      // the tailers' own loop reads the files (pollFilesNow would read outside its rounds)
      await waitFor(() => agent.metrics.receivedFlows.total(), (n) => n === flows, 15_000, "every flow read");
    } finally {
      await agent.shutdown();
    }
    expectBrokerNamed(firstBatch, flows);
  });

  it("names them too when a forced read (pollFilesNow) is the first to see the files, with cuts due every millisecond", async () => {
    const dirs = flowFolders("strata-cut-forced-");
    // The tailers' own loop discovers the (empty) folders at start and never again: the files
    // written below are first seen by the forced read, as when a backfill is written faster
    // than the loop's discovery interval.
    const agent = agentTailing(dirs, { discoverIntervalMs: 3_600_000 });
    const firstBatch = sink.received.length;
    await agent.start();
    const flows = writeBrokerMinute(dirs);
    try {
      await agent.pollFilesNow();
      await agent.cutNow();
    } finally {
      await agent.shutdown();
    }
    expect(agent.metrics.receivedFlows.total()).toBe(flows);
    expectBrokerNamed(firstBatch, flows);
  });
});

interface FlowFolders {
  vpcDir: string;
  hubbleDir: string;
}

function flowFolders(prefix: string): FlowFolders {
  const root = tempDir(prefix);
  const dirs = { vpcDir: path.join(root, "vpc"), hubbleDir: path.join(root, "hubble") };
  fs.mkdirSync(dirs.vpcDir);
  fs.mkdirSync(dirs.hubbleDir);
  return dirs;
}

/** An agent tailing both folders (VPC listed first), its cuts due every millisecond. */
function agentTailing({ vpcDir, hubbleDir }: FlowFolders, flowLog?: { discoverIntervalMs: number }): Agent {
  return new Agent(
    testConfig(sink.url, "strata_t", {
      batch: { maxAge: 1 },
      sources: [
        { dir: vpcDir, format: "aws-vpc-flow", startAt: "beginning" },
        { dir: hubbleDir, format: "hubble", startAt: "beginning" },
      ],
    }),
    { log: () => undefined, ...(flowLog ? { flowLog } : {}) },
  );
}

/** Every flow to the broker's port reached the sink, all under the name Hubble gave it. */
function expectBrokerNamed(firstBatch: number, flows: number): void {
  const edges = sink.received.slice(firstBatch).flatMap((b) => b.networkEdgeMinutes).filter((e) => e.dstPort === 9092);
  expect(edges.reduce((n, e) => n + e.flows, 0)).toBe(flows);
  expect([...new Set(edges.map((e) => e.dstWorkload))]).toEqual(["shop/kafka"]);
}

/** A minute of a producer's VPC records to a broker only Hubble names, Hubble's line written first; returns the flow count. */
function writeBrokerMinute({ vpcDir, hubbleDir }: FlowFolders): number {
  const at = Date.now() - 60_000;
  const producer = { ip: "10.1.0.20", pod: "payments-0", workload: "payments" };
  const broker = { ip: "10.1.22.11", pod: "kafka-0", workload: "kafka" };
  fs.writeFileSync(path.join(hubbleDir, "flows.jsonl"), hubbleFlowLine(at, producer, broker, 9092) + "\n");
  // Several VPC files, each read and handed on with a turn of the event loop after it.
  const names = ["vpc-a.log", "vpc-b.log", "vpc-c.log"];
  for (const name of names) {
    fs.writeFileSync(path.join(vpcDir, name), Array.from({ length: 20 }, (_, i) => vpcFlowLine(at, producer.ip, broker.ip, 41000 + i, 9092)).join("\n") + "\n");
  }
  return names.length * 20 + 1;
}

