// The agent's file-flow path replayed in this process, stage by stage, on the same VPC lines as
// bench:collector's flow phases: CPU µs per line of each stage (process.cpuUsage, so figures
// hold on a busy machine), and the GC pauses among them. Nothing here is timed by wall clock.
//   tail    FileTailer.read: 1 MiB chunks split into lines (the receiver's read size)
//   parse   FlowLineDecoder.decode (the VPC parser)
//   process FlowProcessor.consume: direction folding, address map lookups, rollup, raw buffer
//   raw     every batch.maxFlows flows: sampling, raw batches, columns JSON + gzip (flushRaw)
//   cut     every CUT_LINES lines: rollup drain, aggregate batches, JSON + gzip (Batcher.cut)
// Run: node --max-semi-space-size=8 --max-old-space-size=160 --import tsx bench/collector/flow-pipeline.ts [lines=500000] [healthyRatio=1] [cutLines=200000] [workload=vpc|pooled|hubble]
// (vpc: every line its own client address, nothing aggregates; pooled: a cluster's bounded pool
// of pods with answers logged too, see flow-load.ts; hubble: the `hubble observe -o json` lines
// of collectors/parsers/testdata, repeated)
// Also the stage to look at under callgrind: valgrind --tool=callgrind node --import tsx …
import fs from "node:fs";
import path from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import { tempDir } from "@/collectors/testing/agent-config";
import { buildAggregateBatches, buildRawBatches } from "@/collectors/exporter/batch-builder";
import { encodeBatchSync } from "@/collectors/exporter/batch-encoding";
import { AddressMap } from "@/collectors/processors/address-map";
import { CidrNames } from "@/collectors/processors/cidr";
import { FlowLineDecoder } from "@/collectors/processors/flow-line-decoder";
import { FlowProcessor } from "@/collectors/processors/flow-processor";
import { sampleFlows } from "@/collectors/processors/tail-sampler";
import { FileTailer } from "@/collectors/receivers/flowlog/file-tailer";
import { flowLines } from "./flow-load";

const LINES = Number(process.argv[2] ?? 500_000);
const HEALTHY_RATIO = Number(process.argv[3] ?? 1);
const CUT_LINES = Number(process.argv[4] ?? 200_000);
const WORKLOAD = process.argv[5] ?? "vpc";
const FORMAT = WORKLOAD === "hubble" ? "hubble" : "aws-vpc-flow";
const MAX_FLOWS = 10_000; // batch.maxFlows default
const CHUNK = 1024 * 1024; // DEFAULT_FLOW_LOG_OPTIONS.chunkBytes
const agent = { name: "bench", version: "0" };

const stages = ["tail", "parse", "process", "raw", "cut"] as const;
type Stage = (typeof stages)[number];
const cpuUs: Record<Stage, number> = { tail: 0, parse: 0, process: 0, raw: 0, cut: 0 };
let gcMs = 0;
const gc = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
});
gc.observe({ entryTypes: ["gc"] });

function timed<T>(stage: Stage, fn: () => T): T {
  const t0 = process.cpuUsage();
  const out = fn();
  const d = process.cpuUsage(t0);
  cpuUs[stage] += d.user + d.system;
  return out;
}

function run(file: string): { flows: number; rows: number; bytes: number } {
  const fd = fs.openSync(file, "r");
  const tailer = new FileTailer(file, fd, fs.fstatSync(fd), { offset: 0, lineNo: 0 });
  const decoder = new FlowLineDecoder(FORMAT);
  const addressMap = new AddressMap();
  let full = false;
  const processor = new FlowProcessor({ addressMap, cidrNames: new CidrNames([]), maxRawFlows: MAX_FLOWS, onRawFull: () => (full = true) });
  let bytes = 0;
  let rows = 0;
  let sinceCut = 0;
  const flushRaw = () =>
    timed("raw", () => {
      let flows = processor.takeRaw();
      if (HEALTHY_RATIO < 1) flows = sampleFlows(flows, HEALTHY_RATIO).kept;
      for (const b of buildRawBatches([], flows, agent, Date.now(), 4096, MAX_FLOWS)) bytes += encodeBatchSync(b, "gzip").length;
    });
  const cut = () =>
    timed("cut", () => {
      const f = processor.drainAggregates();
      rows += f.networkEdgeMinutes.length;
      const batches = buildAggregateBatches(
        { edgeMinutes: [], nodeMinutes: [], pairingQuality: [], addresses: [], networkEdgeMinutes: f.networkEdgeMinutes, stats: { spansSampledOut: 0, spansRejected: 0, flowLinesRejected: f.flowLinesRejected } },
        agent,
        Date.now(),
      );
      for (const b of batches) bytes += encodeBatchSync(b, "gzip").length;
    });
  let flows = 0;
  for (;;) {
    const chunk = timed("tail", () => tailer.read(CHUNK));
    if (chunk === null) break;
    if (process.env.DEBUG_MEM) console.log("heap", Math.round(process.memoryUsage().heapUsed / 1e6), "MB at line", chunk.firstLineNo);
    const decoded = timed("parse", () => decoder.decode(chunk.lines, chunk.firstLineNo));
    flows += decoded.flows.length;
    timed("process", () => processor.consume({ kind: "flows", flows: decoded.flows, rejectedLines: decoded.rejectedLines, receivedAtMs: Date.now() }));
    if (full) {
      full = false;
      flushRaw();
    }
    sinceCut += chunk.lines.length;
    if (sinceCut >= CUT_LINES) {
      sinceCut = 0;
      if (process.env.DEBUG_MEM) console.log("heap", Math.round(process.memoryUsage().heapUsed / 1e6), "MB before cut");
      flushRaw();
      cut();
    }
  }
  flushRaw();
  cut();
  tailer.close();
  return { flows, rows, bytes };
}

function hubbleLines(n: number): string {
  const testdata = path.resolve(import.meta.dirname, "../../collectors/parsers/testdata");
  const sample = ["basic-sample-10-flows.json", "basic-sample-5-http-flows.json", "basic-sample-5-dns-flows.json"].flatMap((f) =>
    fs.readFileSync(path.join(testdata, f), "utf8").split("\n").filter((l) => l.startsWith("{")),
  );
  return `${Array.from({ length: n }, (_, i) => sample[i % sample.length]).join("\n")}\n`;
}

const dir = tempDir("strata-bench-flow-pipeline-");
const file = path.join(dir, "vpc.log");
// Written 50 k lines at a time: the whole text as one string would not fit the agent's heap
// limits this is meant to run under (collectors/node-flags.json, see the Run line above).
const startSec = Math.floor(Date.now() / 1000) - 300;
fs.writeFileSync(file, "");
for (let from = 0; from < LINES; from += 50_000) fs.appendFileSync(file, FORMAT === "hubble" ? hubbleLines(Math.min(50_000, LINES - from)) : flowLines(WORKLOAD === "pooled" ? "pooled" : "unique", Math.min(50_000, LINES - from), startSec, from));
run(file); // warm-up: compiled code, as in a running agent
for (const s of stages) cpuUs[s] = 0;
gcMs = 0;
const t0 = process.cpuUsage();
const out = run(file);
const total = process.cpuUsage(t0);
fs.rmSync(dir, { recursive: true, force: true });
await new Promise((resolve) => setTimeout(resolve, 20)); // GC entries are delivered asynchronously
const per = (us: number) => (us / LINES).toFixed(2);
console.log(`${LINES.toLocaleString("en-US")} ${FORMAT === "hubble" ? "Hubble" : WORKLOAD === "pooled" ? "pooled VPC" : "VPC"} lines, healthy raw ratio ${HEALTHY_RATIO}, cut every ${CUT_LINES.toLocaleString("en-US")} lines: ${out.flows} flows, ${out.rows} network edge rows, ${(out.bytes / LINES).toFixed(1)} gzip bytes a line`);
for (const s of stages) console.log(`  ${s.padEnd(8)} ${per(cpuUs[s]).padStart(6)} µs/line`);
const all = total.user + total.system;
console.log(`  total    ${per(all).padStart(6)} µs/line CPU (${Math.round(LINES / (all / 1e6)).toLocaleString("en-US")} lines per CPU-second); GC pauses inside: ${((gcMs * 1000) / LINES).toFixed(2)} µs/line`);
gc.disconnect();
