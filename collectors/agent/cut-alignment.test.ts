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
    const root = tempDir("strata-cut-align-");
    const vpcDir = path.join(root, "vpc");
    const hubbleDir = path.join(root, "hubble");
    fs.mkdirSync(vpcDir);
    fs.mkdirSync(hubbleDir);
    const at = Date.now() - 60_000;
    const producer = { ip: "10.1.0.20", pod: "payments-0", workload: "payments" };
    const broker = { ip: "10.1.22.11", pod: "kafka-0", workload: "kafka" };
    // Several VPC files, each read and handed on with a turn of the event loop after it.
    for (const name of ["vpc-a.log", "vpc-b.log", "vpc-c.log"]) {
      fs.writeFileSync(path.join(vpcDir, name), Array.from({ length: 20 }, (_, i) => vpcFlowLine(at, producer.ip, broker.ip, 41000 + i, 9092)).join("\n") + "\n");
    }
    fs.writeFileSync(path.join(hubbleDir, "flows.jsonl"), hubbleFlowLine(at, producer, broker, 9092) + "\n");

    const agent = new Agent(
      testConfig(sink.url, "strata_t", {
        batch: { maxAge: 1 },
        sources: [
          { dir: vpcDir, format: "aws-vpc-flow", startAt: "beginning" },
          { dir: hubbleDir, format: "hubble", startAt: "beginning" },
        ],
      }),
      { log: () => undefined },
    );
    const firstBatch = sink.received.length;
    await agent.start();
    try {
      // the tailers' own loop reads the files (pollFilesNow would read outside its rounds)
      await waitFor(() => agent.metrics.receivedFlows.total(), (n) => n === 61, 15_000, "every flow read");
    } finally {
      await agent.shutdown();
    }
    const edges = sink.received.slice(firstBatch).flatMap((b) => b.networkEdgeMinutes).filter((e) => e.dstPort === 9092);
    expect(edges.reduce((n, e) => n + e.flows, 0)).toBe(61);
    expect([...new Set(edges.map((e) => e.dstWorkload))]).toEqual(["shop/kafka"]);
  });

  it("names them too when a forced read (pollFilesNow) is the first to see the files, with cuts due every millisecond", async () => {
    const root = tempDir("strata-cut-forced-");
    const vpcDir = path.join(root, "vpc");
    const hubbleDir = path.join(root, "hubble");
    fs.mkdirSync(vpcDir);
    fs.mkdirSync(hubbleDir);
    const agent = new Agent(
      testConfig(sink.url, "strata_t", {
        batch: { maxAge: 1 },
        sources: [
          { dir: vpcDir, format: "aws-vpc-flow", startAt: "beginning" },
          { dir: hubbleDir, format: "hubble", startAt: "beginning" },
        ],
      }),
      // The tailers' own loop discovers the (empty) folders at start and never again: the files
      // written below are first seen by the forced read, as when a backfill is written faster
      // than the loop's discovery interval.
      { log: () => undefined, flowLog: { discoverIntervalMs: 3_600_000 } },
    );
    const firstBatch = sink.received.length;
    await agent.start();
    const flows = writeBrokerMinute(vpcDir, hubbleDir);
    try {
      await agent.pollFilesNow();
      await agent.cutNow();
    } finally {
      await agent.shutdown();
    }
    expect(agent.metrics.receivedFlows.total()).toBe(flows);
    const edges = sink.received.slice(firstBatch).flatMap((b) => b.networkEdgeMinutes).filter((e) => e.dstPort === 9092);
    expect(edges.reduce((n, e) => n + e.flows, 0)).toBe(flows);
    expect([...new Set(edges.map((e) => e.dstWorkload))]).toEqual(["shop/kafka"]);
  });
});

/** A minute of a producer's VPC records to a broker only Hubble names, Hubble's line written first; returns the flow count. */
function writeBrokerMinute(vpcDir: string, hubbleDir: string): number {
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

