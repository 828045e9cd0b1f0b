// CPU per span of the agent's span path, stage by stage, in-process and repeatable (no HTTP, no
// disk): the requests of bench:collector (otlp-load.ts) go through
//   decode    lib/otlp protobuf → NormalizedSpan rows
//   process   + SpanProcessor: address map, peers, pairing, per-minute aggregation (lib/pairing,
//             lib/rollup), with the agent's 2 s expiry tick and 1 s cut (aggregates drained)
//   ship      + what a cut does with the rows: the journal record (CRC), raw batches as
//             columns, JSON + gzip, aggregate batches
// Each stage adds to the one before; its cost is the difference. Every mode runs in a fresh child
// process with the agent's own V8 flags (collectors/node-flags.json), because allocation-site
// pretenuring makes a process's history change its speed. Figures are CPU time of the child
// (process.cpuUsage: all threads, so GC helpers count), median of the rounds.
//   npx tsx bench/collector/span-stages.ts            (about a minute)
//   SPAN_STAGES_ROUNDS=3 SPAN_STAGES_REQUESTS=100 …    (defaults)
// Under callgrind: valgrind --tool=callgrind node --import tsx bench/collector/span-stages.ts process
import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildAggregateBatches, buildRawBatches } from "@/collectors/exporter/batch-builder";
import { encodeBatchSync } from "@/collectors/exporter/batch-encoding";
import { AddressMap } from "@/collectors/processors/address-map";
import { SpanProcessor } from "@/collectors/processors/span-processor";
import { encodeRecord } from "@/collectors/queue/record-codec";
import { decodeProtobufTraceRequest } from "@/lib/otlp";
import { buildRequest } from "./otlp-load";

type Mode = "decode" | "process" | "ship";
const MODES: Mode[] = ["decode", "process", "ship"];
const ROUNDS = Number(process.env.SPAN_STAGES_ROUNDS ?? 3);
const REQUESTS = Number(process.env.SPAN_STAGES_REQUESTS ?? 100);
const SPANS_PER_REQUEST = 1000;
const DISTINCT_BODIES = 40; // as bench:collector: the load generator cycles through 40 requests
const START_MS = Date.UTC(2026, 10, 27, 3, 0);
/** virtual time per request: 30 ms of 1,000 spans is 33k spans/s, the agent's measured rate */
const MS_PER_REQUEST = 30;
const AGENT = { name: "bench", version: "0" };

function runMode(mode: Mode): number[] {
  const bodies = Array.from({ length: DISTINCT_BODIES }, () => buildRequest(SPANS_PER_REQUEST, START_MS));
  let nowMs = START_MS + 2000;
  let nextTick = nowMs + 2000;
  let nextCut = nowMs + 1000;
  let sink = 0; // keeps results alive so nothing is optimised away
  let i = 0;
  // As the batcher: raw spans leave when 4,096 have gathered (batch.maxSpans), and at each cut.
  const shipRaw = () => {
    const raw = processor.takeRaw();
    if (mode !== "ship") return;
    for (const b of buildRawBatches(raw, [], AGENT, nowMs, 4096, 10_000)) sink += encodeBatchSync(b, "gzip").length;
  };
  const processor: SpanProcessor = new SpanProcessor({
    cluster: "bench",
    pairingWaitMs: 10_000,
    pairingMaxItems: 10_000,
    maxRawSpans: 4096,
    addressMap: new AddressMap(),
    onRawFull: shipRaw,
  });
  const step = () => {
    const body = bodies[i++ % bodies.length];
    const { spans, rejected } = decodeProtobufTraceRequest(body, { nowMs });
    sink += spans.length;
    if (mode === "decode") return;
    if (mode === "ship") sink += encodeRecord({ k: "otlp", t: nowMs, e: "protobuf" }, body).length;
    void processor.consume({ kind: "spans", encoding: "protobuf", body, spans, rejected, receivedAtMs: nowMs });
    nowMs += MS_PER_REQUEST;
    if (nowMs >= nextTick) {
      processor.tick(nowMs);
      nextTick += 2000;
    }
    if (nowMs >= nextCut) {
      nextCut += 1000;
      const agg = processor.drainAggregates();
      shipRaw();
      if (mode !== "ship") return;
      const stats = { spansSampledOut: 0, spansRejected: agg.spansRejected, flowLinesRejected: 0 };
      for (const b of buildAggregateBatches({ ...agg, networkEdgeMinutes: [], stats }, AGENT, nowMs)) sink += encodeBatchSync(b, "gzip").length;
    }
  };
  for (let w = 0; w < 60; w++) step(); // warm-up: optimised code, a filled pairing state
  const usPerSpan: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const c0 = process.cpuUsage();
    for (let n = 0; n < REQUESTS; n++) step();
    const c = process.cpuUsage(c0);
    usPerSpan.push((c.user + c.system) / (REQUESTS * SPANS_PER_REQUEST));
  }
  if (sink < 0) console.log(sink);
  return usPerSpan;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const mode = process.argv[2] as Mode | undefined;
  if (mode) {
    if (!MODES.includes(mode)) throw new Error(`unknown mode ${mode}: ${MODES.join(", ")}`);
    console.log(JSON.stringify(runMode(mode)));
    return;
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.resolve(here, "../..");
  const agentFlags = JSON.parse(execFileSync("cat", [path.join(root, "collectors/node-flags.json")], { encoding: "utf8" })) as string[];
  console.log(`span path stages, ${REQUESTS} requests of ${SPANS_PER_REQUEST} spans a round, median of ${ROUNDS}; load average ${loadavg()[0].toFixed(1)}`);
  let before = 0;
  for (const m of MODES) {
    const out = execFileSync(process.execPath, [...agentFlags, "--import", "tsx", fileURLToPath(import.meta.url), m], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json") },
    });
    const us = median(JSON.parse(out.trim().split("\n").pop()!) as number[]);
    console.log(`${m.padEnd(8)} ${us.toFixed(2).padStart(6)} µs a span (stage ${(us - before).toFixed(2)} µs)  ≈ ${Math.round(1e6 / us).toLocaleString("en-US")} spans per CPU-second`);
    before = us;
  }
  console.log(`load average after: ${loadavg()[0].toFixed(1)}`);
}

main();
