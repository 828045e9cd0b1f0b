import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { SourceConfig } from "../../config/schema";
import { ACCEPTED, refusal, type ConsumeResult, type Consumer, type FlowIntake } from "../../pipeline/consumer";
import type { TailOffset } from "../../queue/checkpoint";
import { tempDir } from "../../testing/agent-config";
import { hubbleFlowLine, vpcFlowLine } from "../../testing/flow-lines";
import { DEFAULT_FLOW_LOG_OPTIONS, FlowLogReceiver, PROCESSING_FAILED, type FlowLogEvents } from "./flow-log-receiver";

// AWS VPC Flow Logs v2 lines; the source port numbers the line so every flow is identifiable.
const START = Math.floor(Date.now() / 1000) - 120;
const line = (n: number) => `2 123456789010 eni-0a1b2c3d 10.0.1.5 10.0.2.9 ${10_000 + n} 443 6 10 840 ${START} ${START + 60} ACCEPT OK`;
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${line(from + i)}\n`).join("");

class Capture implements Consumer<FlowIntake> {
  ports: number[] = [];
  rejectedLines = 0;
  refuse = false;
  admit(): ConsumeResult {
    return this.refuse ? refusal("queue_full", 429, 1000, "full") : ACCEPTED;
  }
  consume(batch: FlowIntake): Promise<ConsumeResult> {
    for (const f of batch.flows) this.ports.push(f.srcPort! - 10_000);
    this.rejectedLines += batch.rejectedLines;
    return Promise.resolve(ACCEPTED);
  }
}

function events() {
  const seen = { truncated: [] as string[], rejected: new Map<string, number>(), warnings: [] as string[] };
  const e: FlowLogEvents = {
    linesRead: () => undefined,
    flowsParsed: () => undefined,
    linesRejected: (_s, reason, n) => seen.rejected.set(reason, (seen.rejected.get(reason) ?? 0) + n),
    truncated: (p) => seen.truncated.push(p),
    warn: (m) => seen.warnings.push(m),
  };
  return { e, seen };
}

function receiver(sources: SourceConfig[], saved: TailOffset[], capture: Capture, ev = events().e) {
  return new FlowLogReceiver(sources, saved, capture, ev, { ...DEFAULT_FLOW_LOG_OPTIONS, rotateWaitMs: 0, chunkBytes: 4096 });
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const pathSource = (p: string): SourceConfig => ({ path: p, format: "aws-vpc-flow", startAt: "beginning" });

describe("flow-log tailing", () => {
  it("reads complete lines only, and a partial last line once its newline arrives", async () => {
    const file = path.join(tempDir(), "flows.log");
    fs.writeFileSync(file, lines(0, 3) + line(3).slice(0, 20));
    const capture = new Capture();
    const r = receiver([pathSource(file)], [], capture);
    await r.pollOnce(true);
    expect(capture.ports).toEqual([0, 1, 2]);
    fs.appendFileSync(file, `${line(3).slice(20)}\n${lines(4, 5)}`);
    await r.pollOnce(true);
    expect(capture.ports).toEqual([0, 1, 2, 3, 4]);
    expect(r.offsets()[0].offset).toBe(fs.statSync(file).size);
    r.close();
  });

  it("follows rename rotation: the old file is finished, the new one read from its start", async () => {
    const dir = tempDir();
    const file = path.join(dir, "flows.log");
    fs.writeFileSync(file, lines(0, 5));
    const capture = new Capture();
    const r = receiver([pathSource(file)], [], capture);
    await r.pollOnce(true);
    fs.appendFileSync(file, lines(5, 8)); // written just before the rotation
    fs.renameSync(file, `${file}.1`);
    fs.appendFileSync(`${file}.1`, lines(8, 10)); // the writer still had the old file open
    fs.writeFileSync(file, lines(10, 14));
    await r.pollOnce(true);
    await r.pollOnce(true);
    expect(capture.ports.sort((a, b) => a - b)).toEqual(range(0, 14));
    expect(r.offsets().map((o) => o.path)).toEqual([file]); // the rotated file was closed
    r.close();
  });

  it("follows copytruncate: a file cut to zero is read again from its start", async () => {
    const file = path.join(tempDir(), "flows.log");
    fs.writeFileSync(file, lines(0, 6));
    const capture = new Capture();
    const { e, seen } = events();
    const r = receiver([pathSource(file)], [], capture, e);
    await r.pollOnce(true);
    fs.truncateSync(file, 0);
    fs.appendFileSync(file, lines(6, 8));
    await r.pollOnce(true);
    expect(capture.ports).toEqual(range(0, 8));
    expect(seen.truncated).toEqual([file]);
    // Truncated and rewritten past the old offset before we looked: the first bytes tell.
    fs.writeFileSync(file, lines(100, 110));
    await r.pollOnce(true);
    expect(capture.ports.slice(8)).toEqual(range(100, 110));
    r.close();
  });

  it("resumes from saved offsets after a restart with no line read twice or skipped, even across a rotation while down", async () => {
    const dir = tempDir();
    const file = path.join(dir, "flows.log");
    fs.writeFileSync(file, lines(0, 10));
    const first = new Capture();
    const r1 = receiver([pathSource(file)], [], first);
    await r1.pollOnce(true);
    const saved = r1.offsets();
    r1.close(); // "crash": nothing else is persisted

    fs.appendFileSync(file, lines(10, 15));
    fs.renameSync(file, `${file}.1`);
    fs.writeFileSync(file, lines(15, 20));
    const second = new Capture();
    const r2 = receiver([pathSource(file)], saved, second);
    await r2.pollOnce(true);
    await r2.pollOnce(true);
    expect(first.ports).toEqual(range(0, 10));
    expect(second.ports.sort((a, b) => a - b)).toEqual(range(10, 20));
    r2.close();
  });

  it("rejects and counts malformed lines and goes on", async () => {
    const file = path.join(tempDir(), "flows.log");
    fs.writeFileSync(file, `${line(0)}\nthis is not a flow record\n${line(1)}\n`);
    const capture = new Capture();
    const { e, seen } = events();
    const r = receiver([pathSource(file)], [], capture, e);
    await r.pollOnce(true);
    expect(capture.ports).toEqual([0, 1]);
    expect(capture.rejectedLines).toBe(1);
    expect([...seen.rejected.values()]).toEqual([1]);
    r.close();
  });

  it("finds files by glob and directory, detects their format, and pauses while the pipeline refuses", async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "a"));
    fs.writeFileSync(path.join(dir, "a", "one.log"), lines(0, 2));
    fs.writeFileSync(path.join(dir, "a", "two.txt"), lines(2, 4));
    fs.writeFileSync(path.join(dir, "three.log"), lines(4, 6));
    const capture = new Capture();
    capture.refuse = true;
    const r = receiver(
      [
        { glob: path.join(dir, "*/*.log"), format: "auto", startAt: "beginning" },
        { dir: dir, format: "auto", startAt: "beginning" },
      ],
      [],
      capture,
    );
    await r.pollOnce(true);
    expect(capture.ports).toEqual([]);
    expect(r.lags().every((l) => l.bytes > 0)).toBe(true);
    capture.refuse = false;
    await r.pollOnce(true);
    expect(capture.ports.sort((a, b) => a - b)).toEqual([0, 1, 4, 5]);
    expect(r.lags().every((l) => l.bytes === 0)).toBe(true);
    r.close();
  });
});

describe("passes over the files, which the agent's cuts fall between", () => {
  /** Records which kind of source each batch came from; refuses from the moment `refuseAfter` batches were taken. */
  class Order implements Consumer<FlowIntake> {
    kinds: string[] = [];
    refuseAfter = Number.POSITIVE_INFINITY;
    admit(): ConsumeResult {
      return this.kinds.length >= this.refuseAfter ? refusal("queue_full", 429, 1000, "full") : ACCEPTED;
    }
    consume(batch: FlowIntake): Promise<ConsumeResult> {
      this.kinds.push(batch.flows[0]?.sourceKind ?? "none");
      return Promise.resolve(ACCEPTED);
    }
  }

  /** A folder of VPC records to a broker and one of the Hubble flow naming it, Hubble's written first. */
  function brokerFolders() {
    const root = tempDir();
    const at = Date.now() - 60_000;
    const producer = { ip: "10.1.0.20", pod: "payments-0", workload: "payments" };
    const broker = { ip: "10.1.22.11", pod: "kafka-0", workload: "kafka" };
    fs.mkdirSync(path.join(root, "hubble"));
    fs.mkdirSync(path.join(root, "vpc"));
    fs.writeFileSync(path.join(root, "hubble", "flows.jsonl"), hubbleFlowLine(at, producer, broker, 9092) + "\n");
    fs.writeFileSync(path.join(root, "vpc", "a.log"), vpcFlowLine(at, producer.ip, broker.ip, 41000, 9092) + "\n");
    return {
      hubble: { dir: path.join(root, "hubble"), format: "hubble", startAt: "beginning" } as SourceConfig,
      vpc: { dir: path.join(root, "vpc"), format: "aws-vpc-flow", startAt: "beginning" } as SourceConfig,
    };
  }

  it("reads Hubble's files after the others whatever the configuration's order, so a pass that read a VPC record has read the Hubble lines written before it", async () => {
    const { hubble, vpc } = brokerFolders();
    const order = new Order();
    const r = receiver([hubble, vpc], [], order as unknown as Capture);
    await r.pollOnce(true);
    expect(order.kinds).toEqual(["aws-vpc-flow", "hubble"]);
    r.close();
  });

  it("does not settle after a pass a refusal cut short between the VPC and the Hubble file: the next step resumes at the Hubble file", async () => {
    const { hubble, vpc } = brokerFolders();
    const order = new Order();
    order.refuseAfter = 1; // the VPC file is taken, then the pipeline refuses
    const r = receiver([vpc, hubble], [], order as unknown as Capture);
    expect(await r.pollOnce(true)).toBe("refused");
    let settled = false;
    const waiting = r.passSettled(60_000).then(() => (settled = true));
    // A settled receiver resolves at once: a few turns of the event loop are more than enough.
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    order.refuseAfter = Number.POSITIVE_INFINITY;
    expect(await r.pollOnce()).toBe("done");
    await waiting;
    expect(order.kinds).toEqual(["aws-vpc-flow", "hubble"]);
    r.close();
  });

  it("settles at once between passes, and after its bound when the pipeline keeps refusing", async () => {
    const { hubble, vpc } = brokerFolders();
    const order = new Order();
    const r = receiver([vpc, hubble], [], order as unknown as Capture);
    await r.pollOnce(true);
    await r.passSettled(0); // nothing in progress: resolves without its bound
    fs.appendFileSync(path.join(vpc.dir!, "a.log"), vpcFlowLine(Date.now(), "10.1.0.20", "10.1.22.11", 41001, 9092) + "\n");
    order.refuseAfter = 0;
    expect(await r.pollOnce(true)).toBe("refused");
    const t0 = process.hrtime.bigint();
    await r.passSettled(30);
    expect(Number(process.hrtime.bigint() - t0) / 1e6).toBeGreaterThanOrEqual(29);
    r.close();
  });
});


describe("a failing stage does not stop the tailer", () => {
  it("counts the lines of a chunk whose processing threw as rejected, warns, and reads on after them", async () => {
    const file = path.join(tempDir(), "flows.log");
    fs.writeFileSync(file, lines(0, 3));
    const capture = new Capture();
    let throwNext = true;
    const consume = capture.consume.bind(capture);
    capture.consume = (batch) => {
      if (throwNext) {
        throwNext = false;
        throw new Error("a processor bug");
      }
      return consume(batch);
    };
    const { e, seen } = events();
    const r = receiver([pathSource(file)], [], capture, e);
    await r.pollOnce(true);
    fs.appendFileSync(file, lines(3, 5));
    await r.pollOnce(true);
    expect(capture.ports).toEqual([3, 4]);
    expect(seen.rejected.get(PROCESSING_FAILED)).toBe(3);
    expect(seen.warnings.join("\n")).toMatch(/lines 1–3 failed \(a processor bug\)/);
    expect(r.offsets()[0].offset).toBe(fs.statSync(file).size);
    r.close();
  });

  it("keeps its loop running when a step fails, and says so", async () => {
    const file = path.join(tempDir(), "flows.log");
    fs.writeFileSync(file, lines(0, 4));
    const capture = new Capture();
    let admitFailures = 1;
    const admit = capture.admit.bind(capture);
    capture.admit = () => {
      if (admitFailures-- > 0) throw new Error("admission broke");
      return admit();
    };
    const { e, seen } = events();
    const r = new FlowLogReceiver([pathSource(file)], [], capture, e, { ...DEFAULT_FLOW_LOG_OPTIONS, pollIntervalMs: 10, chunkBytes: 4096 });
    r.start();
    for (let i = 0; i < 200 && capture.ports.length < 4; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await r.stop();
    r.close();
    expect(capture.ports).toEqual([0, 1, 2, 3]);
    expect(seen.warnings).toContain("reading flow logs failed: admission broke; retrying");
  });
});
