// npm run bench:collector — the collector agent end to end, on one core, each figure beside a
// baseline measured in the same run:
//   1. OTLP/protobuf in → agent → a sink that gunzips and JSON-parses every batch, then drops it;
//      baseline: the same requests POSTed to a no-op HTTP server.
//   2. the same into the REAL ingest route handler on PGlite (what one embedded server absorbs).
//   3. flow-log lines: a VPC Flow Logs file appended at once, tailed, parsed, aggregated and
//      shipped; baselines: read+split of the file, and the VPC parser alone. Two workloads
//      (flow-load.ts): every line its own client address (nothing aggregates), and a bounded
//      pool of pods (rows repeat, as in a cluster).
//   4. the disk queue's bound: the server refuses everything while load continues;
//   5. in this process: JSON + gzip of raw rows in the contract's rows form against its columns.
// The agent runs as its own process pinned to core 0 (taskset) with its default memory limits;
// its peak RSS is the kernel's VmHWM. Env: BENCH_SECONDS (10), BENCH_FLOW_LINES (500000),
// BENCH_CONCURRENCY (8), BENCH_SKIP_PGLITE=1, BENCH_PHASES (sink,pglite,flows,queue,encoding).
import fs from "node:fs";
import path from "node:path";
import { tempDir } from "@/collectors/testing/agent-config";
import { startSink, type Sink } from "@/collectors/testing/sink-server";
import { rollupTotals, startTestServer } from "@/collectors/testing/strata-test-server";
import { waitFor } from "@/collectors/testing/wait-for";
import { PIN_PREFIX, PINNED_TO_ONE_CORE, startAgentRun, type AgentRun } from "./agent-run";
import { flowLines as flowLogText, parseOnlyRate, readSplitRate, type FlowWorkload } from "./flow-load";
import { startDecodeServer, startNoopServer } from "./noop-server";
import { encodingFigures } from "./encoding";
import { buildRequest, runLoad, type LoadResult } from "./otlp-load";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const FLOW_LINES = Number(process.env.BENCH_FLOW_LINES ?? 500_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SPANS_PER_REQUEST = 1000;
const MiB = 1024 * 1024;

interface Baselines {
  /** a server that reads the body and answers 200 (unpinned, in this process) */
  noop: number;
  /** a server that decodes with lib/otlp and answers, pinned to the agent's core */
  decodeOnly: number;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const results: Record<string, unknown> = { pinnedToOneCore: PINNED_TO_ONE_CORE, seconds: SECONDS, concurrency: CONCURRENCY, spansPerRequest: SPANS_PER_REQUEST };

function payloads() {
  const now = Date.now();
  return Array.from({ length: 40 }, () => ({ body: buildRequest(SPANS_PER_REQUEST, now - 2000), spans: SPANS_PER_REQUEST }));
}

function agentConfig(serverUrl: string, token: string, extra: Record<string, unknown> = {}) {
  return { server: { url: serverUrl, token, compression: "gzip" }, batch: { maxAge: "1s" }, retry: { initialInterval: "100ms", maxInterval: "2s" }, ...extra };
}

/** Spans the agent acknowledged and will ship (not sampled out, not dropped). */
async function shippable(run: AgentRun): Promise<number> {
  const received = await run.metric("strata_collector_received_spans_total");
  const sampled = await run.metric('strata_collector_sampled_out_total{signal="spans"');
  const dropped = await run.metric('strata_collector_dropped_total{signal="spans"');
  return received - sampled - dropped;
}

async function otlpThroughSink(bodies: ReturnType<typeof payloads>, baseline: Baselines): Promise<void> {
  const sink = await startSink();
  const run = await startAgentRun(agentConfig(sink.url, "strata_bench"));
  const otlp = `${run.agent.otlpUrl}/v1/traces`;
  const t0 = performance.now();
  const cpu0 = run.cpuSeconds();
  const load = await runLoad(otlp, bodies, CONCURRENCY, SECONDS * 1000);
  const expected = await shippable(run);
  await waitFor(() => sink.totals.spans, (n) => n >= expected, 120_000, "the sink to get every span");
  const e2eSeconds = (performance.now() - t0) / 1000;
  const cpu = run.cpuSeconds() - cpu0;
  const intake = load.acceptedSpans / (load.elapsedMs / 1000);
  const endToEnd = sink.totals.spans / e2eSeconds;
  results.sink = {
    intakeSpansPerSecond: Math.round(intake),
    endToEndSpansPerSecond: Math.round(endToEnd),
    spansPerCpuSecond: Math.round(sink.totals.spans / cpu),
    ratioToDecodeOnly: +(intake / baseline.decodeOnly).toFixed(3),
    ratioToNoopHttp: +(intake / baseline.noop).toFixed(3),
    refusedRequests: load.refused,
    sampledOut: await run.metric('strata_collector_sampled_out_total{signal="spans"'),
    peakRssMiB: Math.round(run.peakRssMiB()),
    gzipBytesPerSpan: +(sink.totals.bytes / Math.max(1, sink.totals.spans)).toFixed(1),
  };
  console.log(
    `agent → sink: intake ${fmt(intake)} spans/s (${(intake / baseline.decodeOnly).toFixed(2)}× decode-only server on the same core), end to end ${fmt(endToEnd)} spans/s, ` +
      `${fmt(sink.totals.spans / cpu)} spans per CPU-second, ${load.refused} refused, peak RSS ${Math.round(run.peakRssMiB())} MiB`,
  );
  await run.stop();
  await sink.close();
}

async function otlpIntoPglite(bodies: ReturnType<typeof payloads>, baseline: Baselines): Promise<void> {
  const server = await startTestServer("pglite");
  const cluster = await server.createCluster("bench");
  const run = await startAgentRun(agentConfig(server.url, cluster.token));
  const otlp = `${run.agent.otlpUrl}/v1/traces`;
  const t0 = performance.now();
  const load: LoadResult = await runLoad(otlp, bodies, CONCURRENCY, SECONDS * 1000);
  const expected = await shippable(run);
  const stored = await waitFor(() => rollupTotals(server.db, cluster.id).then((t) => t.spans), (n) => n >= expected, 180_000, "PGlite to store every span").catch(() => -1);
  const seconds = (performance.now() - t0) / 1000;
  const intake = load.acceptedSpans / (load.elapsedMs / 1000);
  results.pglite = {
    intakeSpansPerSecond: Math.round(intake),
    storedSpansPerSecond: stored > 0 ? Math.round(stored / seconds) : null,
    ratioToDecodeOnly: +(intake / baseline.decodeOnly).toFixed(3),
    refusedRequests: load.refused,
    peakRssMiB: Math.round(run.peakRssMiB()),
    peakQueueDiskMiB: +(run.peakQueueDiskBytes() / MiB).toFixed(1),
  };
  console.log(`agent → route handler on PGlite: intake ${fmt(intake)} spans/s, stored ${stored > 0 ? fmt(stored / seconds) : "(timed out)"} spans/s end to end, peak queue ${(run.peakQueueDiskBytes() / MiB).toFixed(1)} MiB`);
  await run.stop();
  await server.close();
}

async function flowLines(label: string, sampling: Record<string, unknown>, workload: FlowWorkload = "unique"): Promise<void> {
  const dir = tempDir("strata-bench-flows-");
  const source = path.join(dir, "source.log");
  fs.writeFileSync(source, flowLogText(workload, FLOW_LINES, Math.floor(Date.now() / 1000) - 300));
  const split = readSplitRate(source);
  const parse = parseOnlyRate(source);
  const tailed = path.join(dir, "vpc.log");
  fs.writeFileSync(tailed, "");
  const sink: Sink = await startSink();
  const run = await startAgentRun(agentConfig(sink.url, "strata_bench", { sources: [{ path: tailed, format: "aws-vpc-flow" }], sampling }));
  const t0 = performance.now();
  const cpu0 = run.cpuSeconds();
  fs.appendFileSync(tailed, fs.readFileSync(source));
  await waitFor(() => run.metric("strata_collector_flow_lines_read_total"), (n) => n >= FLOW_LINES, 300_000, "every line read");
  const readSeconds = (performance.now() - t0) / 1000;
  const cpu = run.cpuSeconds() - cpu0;
  // Every flow is either shipped or counted as not shipped (the final raw flush samples too).
  const notShipped = () => run.metric('strata_collector_sampled_out_total{signal="flows"');
  await waitFor(async () => sink.totals.flows + (await notShipped()), (n) => n >= FLOW_LINES, 300_000, "every flow shipped or sampled out");
  const shippedSeconds = (performance.now() - t0) / 1000;
  const notShippedCount = await notShipped();
  const rate = FLOW_LINES / readSeconds;
  results[label] = {
    workload,
    lines: FLOW_LINES,
    tailParseAggregateLinesPerSecond: Math.round(rate),
    linesPerCpuSecond: Math.round(FLOW_LINES / cpu),
    rawFlowsNotShipped: notShippedCount,
    shippedLinesPerSecond: Math.round(FLOW_LINES / shippedSeconds),
    baselineReadSplitLinesPerSecond: Math.round(split),
    baselineParseOnlyLinesPerSecond: Math.round(parse),
    ratioToParseOnly: +(rate / parse).toFixed(3),
    networkEdgeRowsShipped: sink.totals.networkEdgeMinutes,
    peakRssMiB: Math.round(run.peakRssMiB()),
  };
  console.log(
    `flow lines (${label}): ${fmt(rate)} lines/s tailed+parsed+aggregated+shipped (${(rate / parse).toFixed(2)}× the parser alone at ${fmt(parse)}; read+split ${fmt(split)}), ` +
      `${fmt(FLOW_LINES / cpu)} lines per CPU-second, ${fmt(notShippedCount)} raw flows not shipped (sampling), peak RSS ${Math.round(run.peakRssMiB())} MiB`,
  );
  await run.stop();
  await sink.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

async function queueBound(bodies: ReturnType<typeof payloads>): Promise<void> {
  const bound = 4 * MiB;
  const sink = await startSink({ script: () => ({ status: 503 }) });
  const run = await startAgentRun(agentConfig(sink.url, "strata_bench", { queue: { maxBytes: bound } }));
  const load = await runLoad(`${run.agent.otlpUrl}/v1/traces`, bodies, CONCURRENCY, Math.min(SECONDS, 8) * 1000);
  const peak = run.peakQueueDiskBytes();
  const dropped = await run.metric('strata_collector_dropped_total{signal="spans"');
  const sampled = await run.metric('strata_collector_sampled_out_total{signal="spans"');
  const queued = await run.metric("strata_collector_queue_bytes");
  results.queueBound = {
    boundMiB: bound / MiB,
    peakQueueDiskMiB: +(peak / MiB).toFixed(1),
    queueBytesAtEnd: queued,
    refusedRequests: load.refused,
    acceptedSpans: load.acceptedSpans,
    rawSpansSampledOut: sampled,
    rawSpansDropped: dropped,
  };
  console.log(
    `queue bound ${bound / MiB} MiB with the server refusing: peak on disk ${(peak / MiB).toFixed(1)} MiB (unsent ${(queued / MiB).toFixed(1)} MiB at the end), ` +
      `${load.refused} requests refused (backpressure), ${fmt(sampled)} raw spans sampled out under pressure, ${fmt(dropped)} dropped`,
  );
  await run.stop();
  await sink.close();
}

async function main(): Promise<void> {
  console.log(`collector benchmark: ${SECONDS} s per run, ${CONCURRENCY} requests in flight of ${SPANS_PER_REQUEST} spans; agent ${PINNED_TO_ONE_CORE ? "pinned to one core" : "NOT pinned (no taskset)"}`);
  const bodies = payloads();
  const noop = await startNoopServer();
  const base = await runLoad(`${noop.url}/v1/traces`, bodies, CONCURRENCY, Math.min(SECONDS, 5) * 1000);
  await noop.close();
  const decoder = await startDecodeServer(PIN_PREFIX);
  const dec = await runLoad(`${decoder.url}/v1/traces`, bodies, CONCURRENCY, Math.min(SECONDS, 5) * 1000);
  decoder.close();
  const baseline: Baselines = { noop: base.acceptedSpans / (base.elapsedMs / 1000), decodeOnly: dec.acceptedSpans / (dec.elapsedMs / 1000) };
  results.noopHttpSpansPerSecond = Math.round(baseline.noop);
  results.decodeOnlySpansPerSecond = Math.round(baseline.decodeOnly);
  console.log(`baselines, the same requests: no-op HTTP server ${fmt(baseline.noop)} spans/s; lib/otlp decode-only server on the agent's core ${fmt(baseline.decodeOnly)} spans/s`);

  const phases = (process.env.BENCH_PHASES ?? "sink,pglite,flows,queue,encoding").split(",");
  if (phases.includes("sink")) await otlpThroughSink(bodies, baseline);
  if (phases.includes("pglite") && process.env.BENCH_SKIP_PGLITE !== "1") await otlpIntoPglite(bodies, baseline);
  if (phases.includes("flows")) {
    await flowLines("flowsAllRaw", {});
    // High-volume setting: aggregates of every flow, raw rows of every rejected flow and 5 % of the rest.
    await flowLines("flowsHealthyRaw5pct", { healthyFlowsRatio: 0.05 });
    // Beside the hard case, a cluster's traffic: a bounded pool of pods, answers logged too.
    await flowLines("flowsPooledAllRaw", {}, "pooled");
  }
  if (phases.includes("queue")) await queueBound(bodies);
  if (phases.includes("encoding")) {
    const e = encodingFigures(bodies.map((b) => b.body));
    results.encoding = e;
    for (const [kind, f] of Object.entries(e)) {
      console.log(
        `raw ${kind} JSON + gzip: columns ${f.columnsUs.toFixed(2)} µs and ${f.columnsBytes.toFixed(1)} bytes a row, rows ${f.rowsUs.toFixed(2)} µs and ${f.rowsBytes.toFixed(1)} bytes ` +
          `(columns ${(f.rowsUs / f.columnsUs).toFixed(2)}× faster, ${(f.rowsBytes / f.columnsBytes).toFixed(2)}× smaller)`,
      );
    }
  }
  console.log(JSON.stringify(results, null, 2));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
