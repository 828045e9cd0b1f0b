// The collector agent: one per cluster, between the cluster's telemetry and the Strata server.
// start() opens the data directory, recovers, and starts every component, registering each one's
// stop on the lifecycle stack as it goes; shutdown(deadline) unwinds that stack: intake stops,
// the pairer and the open minutes are flushed into a final committed cut, the senders deliver
// what they can before the deadline, and the rest stays on disk for the next start.
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { LoadedConfig } from "../config/load-config";
import { splitListen } from "../config/units";
import { ExportLoop } from "../exporter/export-loop";
import { IngestClient } from "../exporter/ingest-client";
import { ReplayPacer } from "../exporter/replay-pacer";
import { OpsServer } from "../ops/ops-server";
import { AddressMap } from "../processors/address-map";
import { CidrNames } from "../processors/cidr";
import { FlowProcessor } from "../processors/flow-processor";
import { MemoryMonitor } from "../processors/memory-limiter";
import { SpanProcessor } from "../processors/span-processor";
import { readJsonFileSync } from "../queue/atomic-file";
import { INITIAL_CHECKPOINT, readCheckpoint } from "../queue/checkpoint";
import { lockDataDir } from "../queue/data-dir-lock";
import { ExportQueue, QUEUE_KINDS } from "../queue/export-queue";
import { IntakeJournal } from "../queue/intake-journal";
import { OtlpGrpcReceiver } from "../receivers/otlp-grpc/otlp-grpc-receiver";
import { OtlpHttpReceiver } from "../receivers/otlp-http/otlp-http-receiver";
import { FlowLogReceiver, DEFAULT_FLOW_LOG_OPTIONS, type FlowLogReceiverOptions } from "../receivers/flowlog/flow-log-receiver";
import { sourceId } from "../receivers/flowlog/source-watcher";
import { StdinSource } from "../receivers/flowlog/stdin-source";
import { COLLECTOR_VERSION } from "../version";
import { createAgentMetrics, type AgentMetrics } from "./agent-metrics";
import { addressMapFile, Batcher } from "./batcher";
import { killBeforeAnswerHook } from "./fault-injection";
import { Lifecycle } from "./lifecycle";
import { buildPipelines } from "./pipelines";
import { recoverFromJournal, type RecoveryReport } from "./recovery";
import { registerGauges, wireEvents } from "./wiring";

/**
 * A cut waits at most this long for the tailers' pass to complete: a pipeline that keeps refusing
 * the tailers (memory, a full queue) must not hold back the cuts that relieve it.
 */
const CUT_WAITS_FOR_PASS_MS = 5_000;

/** Tailers this far behind their files are a sign of overload: raw flows and spans get sampled. */
const FLOW_BACKLOG_PRESSURE_BYTES = 64 * 1024 * 1024;

/** Requests this close to the last journaled one may have been in flight at a crash… */
const RETRY_GUARD_WINDOW_MS = 60_000;
/** …and their clients retry them within this long after the restart. */
const RETRY_GUARD_TTL_MS = 10 * 60_000;

export interface AgentOptions {
  /** where stdin sources read (tests pass a stream) */
  stdin?: NodeJS.ReadableStream;
  /** a write to the queue or checkpoint failed; default: log and exit(70) so the agent restarts */
  onFatal?: (err: unknown) => void;
  flowLog?: Partial<FlowLogReceiverOptions>;
  log?: (message: string) => void;
}

export class Agent {
  readonly metrics: AgentMetrics = createAgentMetrics();
  private readonly lifecycle = new Lifecycle();
  private started: Promise<void> | null = null;
  private otlp: OtlpHttpReceiver | null = null;
  private otlpGrpc: OtlpGrpcReceiver | null = null;
  private ops: OpsServer | null = null;
  private batcher: Batcher | null = null;
  private queue: ExportQueue | null = null;
  private journal: IntakeJournal | null = null;
  private flowLog: FlowLogReceiver | null = null;
  private stdinSources: StdinSource[] = [];
  recovery: RecoveryReport | null = null;

  constructor(
    readonly config: LoadedConfig,
    private readonly options: AgentOptions = {},
  ) {}

  get otlpAddress(): AddressInfo | null {
    return this.otlp?.address ?? null;
  }

  /** null when OTLP/gRPC is disabled */
  get otlpGrpcAddress(): AddressInfo | null {
    return this.otlpGrpc?.address ?? null;
  }

  get opsAddress(): AddressInfo | null {
    return this.ops?.address ?? null;
  }

  /** Unsent bytes in the disk queue. */
  get queueBytes(): number {
    return this.queue?.bytes ?? 0;
  }

  /** Starts once; a failure unwinds what had started and rejects with the cause. */
  start(): Promise<void> {
    this.started ??= this.startComponents().catch(async (err) => {
      await this.lifecycle.unwind(Date.now() + 5000);
      throw err;
    });
    return this.started;
  }

  /** Idempotent: a second call returns the first call's promise. */
  shutdown(deadlineMs = Date.now() + this.config.shutdown.deadline): Promise<void> {
    return this.lifecycle.unwind(deadlineMs);
  }

  /** A cut now (tests, benchmarks), between two passes of the tailers: everything processed so far is queued and committed. */
  async cutNow(): Promise<void> {
    await this.flowLog?.passSettled(CUT_WAITS_FOR_PASS_MS);
    await this.batcher?.cut();
  }

  /** Reads stdin sources to their end (tests): resolves when every line was handed on. */
  async stdinDone(): Promise<void> {
    await Promise.all(this.stdinSources.map((s) => s.done));
  }

  /** Reads every tailed file once, after the tailers' pass in progress (tests). */
  async pollFilesNow(): Promise<void> {
    await this.flowLog?.pollOnce(true);
  }

  private log(message: string): void {
    (this.options.log ?? ((m: string) => console.log(`[collector] ${m}`)))(message);
  }

  private async startComponents(): Promise<void> {
    const c = this.config;
    const m = this.metrics;
    const dataDir = path.resolve(c.dataDir);
    const lc = this.lifecycle;

    const release = lockDataDir(dataDir);
    lc.defer("data directory lock", release);

    const checkpoint = readCheckpoint(dataDir) ?? INITIAL_CHECKPOINT;
    const queue = ExportQueue.open(path.join(dataDir, "queue"), {
      maxBytes: c.queue.maxBytes,
      onDrop: (d) => {
        m.dropped.inc({ signal: "spans", reason: d.reason }, d.spans);
        m.dropped.inc({ signal: "flows", reason: d.reason }, d.flows);
        m.dropped.inc({ signal: "aggregate_rows", reason: d.reason }, d.rows);
        this.batcher?.noteUnshippedSpans(d.spans);
      },
    });
    queue.recover(checkpoint.epoch);
    const journal = new IntakeJournal(path.join(dataDir, "journal"), c.queue.journalMaxBytes);
    this.queue = queue;
    this.journal = journal;
    lc.defer("queue and journal", () => {
      queue.close();
      journal.close();
    });

    const monitor = new MemoryMonitor({
      softLimitMiB: c.memory.softLimitMiB,
      hardLimitMiB: c.memory.hardLimitMiB,
      checkIntervalMs: c.memory.checkInterval,
      onLevelChange: (level, rss) => this.log(`memory ${level} (${rss.toFixed(0)} MiB resident)`),
    });
    monitor.start();
    lc.defer("memory monitor", () => monitor.stop());

    const addressMap = new AddressMap();
    addressMap.load(readJsonFileSync(addressMapFile(dataDir), (v) => v));
    let batcher: Batcher | null = null;
    let cutSoon = false;
    const spanProcessor = new SpanProcessor({
      cluster: c.cluster,
      pairingWaitMs: c.pairing.wait,
      pairingMaxItems: c.pairing.maxItems,
      maxRawSpans: c.batch.maxSpans,
      addressMap,
      onRawFull: () => batcher?.flushRaw(),
    });
    const flowProcessor = new FlowProcessor({
      addressMap,
      cidrNames: new CidrNames(c.cidrNames),
      maxRawFlows: c.batch.maxFlows,
      onRawFull: () => batcher?.flushRaw(),
      // Too many open network rows: cut early, between two reads (setImmediate), not mid-intake.
      onRowsFull: () => {
        if (cutSoon) return;
        cutSoon = true;
        setImmediate(() => {
          cutSoon = false;
          if (!lc.stopping) void batcher?.cut(); // the final cut takes them at shutdown
        });
      },
    });
    const pipelines = buildPipelines({
      monitor,
      room: { queueFull: () => queue.full || (batcher?.congested ?? false), journalFull: () => journal.full, stopping: () => lc.stopping },
      journal,
      spanProcessor,
      flowProcessor,
      stdinSources: c.sources.filter((s) => s.stdin).map((s) => ({ id: sourceId(s), format: s.format, vpcFields: s.vpcFields })),
      onRejectedLines: (_source, reason, n) => m.rejected.inc({ signal: "flow_lines", reason }, n),
      onJournalError: (err) => this.log(`journal write failed: ${String(err)}`),
      onDuplicateRequest: (spans) => {
        m.retriedRequests.inc();
        this.log(`a request acknowledged before the restart was sent again (${spans} spans): not counted twice`);
      },
    });
    const flowSources = c.sources.filter((s) => !s.stdin);
    const flowLog = flowSources.length
      ? new FlowLogReceiver(flowSources, checkpoint.tails, pipelines.files, wireEvents.flowLog(m, (msg) => this.log(msg)), { ...DEFAULT_FLOW_LOG_OPTIONS, ...this.options.flowLog })
      : null;
    this.flowLog = flowLog;
    batcher = new Batcher(
      { spans: spanProcessor, flows: flowProcessor, journal, queue, addressMap, dataDir, tails: () => flowLog?.offsets() ?? [] },
      {
        agent: { name: `strata-collector@${os.hostname()}`.slice(0, 256), version: COLLECTOR_VERSION },
        maxSpans: c.batch.maxSpans,
        maxFlows: c.batch.maxFlows,
        compression: c.server.compression === "gzip" ? "gzip" : "identity",
        pairingWaitMs: c.pairing.wait,
        sampling: { keepRatio: c.sampling.keepRatio, slowThresholdUs: c.sampling.slowThreshold * 1000 },
        healthyFlowsRatio: c.sampling.healthyFlowsRatio,
        // Pressure: memory over the soft limit, the queue filling up, or the tailers falling behind.
        underPressure: () =>
          monitor.level !== "ok" || queue.utilisation >= c.sampling.queuePressure || (flowLog?.backlogBytes() ?? 0) >= FLOW_BACKLOG_PRESSURE_BYTES,
      },
      wireEvents.batcher(m, this.options.onFatal ?? ((err) => this.failStop(err))),
      checkpoint.epoch,
    );
    this.batcher = batcher;
    const cutter = batcher;

    this.recovery = await recoverFromJournal(checkpoint, {
      journal,
      spans: spanProcessor,
      spanConsumer: pipelines.replaySpans,
      lineConsumer: pipelines.replayLines,
    });
    if (this.recovery.replayedRecords > 0) this.log(`recovered ${this.recovery.replayedRecords} journal records not yet shipped`);
    // Requests in flight at a crash are on disk but were maybe never answered: their retries
    // are recognised for a while and not counted twice.
    pipelines.retryGuard.arm(this.recovery.requests, RETRY_GUARD_WINDOW_MS, RETRY_GUARD_TTL_MS);
    this.recovery.requests = [];

    // Senders: batches left from before start in backlog mode (paced), the rest as they come.
    const client = new IngestClient({ serverUrl: c.server.url, token: () => c.token, timeoutMs: c.server.timeout, userAgent: `strata-collector/${COLLECTOR_VERSION}` });
    const pacer = new ReplayPacer(c.replay.batchesPerSecond, QUEUE_KINDS, (on) => this.log(on ? "server behind: sending the backlog at a bounded rate" : "backlog sent"));
    if (queue.bytes > 0) pacer.enterBacklog();
    const policy = { initialIntervalMs: c.retry.initialInterval, maxIntervalMs: c.retry.maxInterval, maxElapsedMs: c.retry.maxElapsed };
    const loops = QUEUE_KINDS.map((kind) => new ExportLoop(queue, kind, client, policy, pacer, wireEvents.exporter(m, this.log.bind(this))));
    for (const l of loops) l.start();
    lc.defer("exporters", async (deadline) => {
      // Leave a moment at the end for closing files.
      await Promise.all(loops.map((l) => l.drain(deadline - 250)));
    });

    // Cuts on a timer, pairer expiry every second; at shutdown a final cut holds everything.
    // A cut waits until the tailers are between two complete passes (flow-log-receiver.ts): lines
    // written together (a VPC record and the Hubble flow naming the pod at its other end) are then
    // aggregated together, instead of the record being shipped under a raw address by a cut that
    // fell between the two files, or after a pass a refusal had cut short.
    let cutPending = false;
    let finalCut = false;
    const cutTimer = setInterval(() => {
      if (cutPending) return;
      cutPending = true;
      void (flowLog?.passSettled(CUT_WAITS_FOR_PASS_MS) ?? Promise.resolve()).then(() => {
        cutPending = false;
        if (!finalCut) void cutter.cut();
      });
    }, c.batch.maxAge);
    const tickTimer = setInterval(() => spanProcessor.tick(Date.now()), 1000);
    lc.defer("batcher", async () => {
      finalCut = true;
      clearInterval(cutTimer);
      clearInterval(tickTimer);
      spanProcessor.flushPairing();
      await cutter.cut(true);
    });

    this.ops = new OpsServer(splitListen(c.metrics.listen), m.registry, {
      notReadyReason: () => {
        if (lc.stopping) return "shutting down";
        const verdict = pipelines.spans.admit();
        return verdict.ok ? null : verdict.reason;
      },
    });
    registerGauges(m.registry, { queue, journal, monitor, pacer, flowLog, maxQueueBytes: c.queue.maxBytes });
    await this.ops.start();
    const ops = this.ops;
    lc.defer("ops server", () => ops.stop());

    if (flowLog) {
      flowLog.start();
      lc.defer("flow-log tailers", async () => {
        await flowLog.stop();
        flowLog.close();
      });
    }
    for (const s of c.sources.filter((x) => x.stdin)) {
      const source = new StdinSource((this.options.stdin ?? process.stdin) as never, sourceId(s), pipelines.lines, {
        maxLinesPerBatch: 5000,
        onRefused: (msg) => m.refused.inc({ reason: `stdin: ${msg}`, transport: "stdin" }),
      });
      source.start();
      this.stdinSources.push(source);
      lc.defer("stdin", () => source.stop());
    }

    const beforeAnswer = killBeforeAnswerHook();
    const otlp = new OtlpHttpReceiver(
      { ...splitListen(c.otlp.http.listen), maxBodyBytes: c.otlp.http.maxBodyBytes, beforeAnswer },
      pipelines.spans,
      wireEvents.otlp(m, "http"),
    );
    await otlp.start();
    this.otlp = otlp;
    lc.defer("OTLP/HTTP receiver", () => otlp.stop());
    let grpcNote = "";
    if (c.otlp.grpc.enabled) {
      const grpcReceiver = new OtlpGrpcReceiver(
        { ...splitListen(c.otlp.grpc.listen), maxMessageBytes: c.otlp.grpc.maxMessageBytes, beforeAnswer },
        pipelines.spans,
        wireEvents.otlp(m, "grpc"),
      );
      await grpcReceiver.start();
      this.otlpGrpc = grpcReceiver;
      lc.defer("OTLP/gRPC receiver", (deadline) => grpcReceiver.stop(deadline));
      grpcNote = `, OTLP/gRPC on ${formatAddress(grpcReceiver.address)}`;
    }
    this.log(`started: OTLP/HTTP on ${formatAddress(otlp.address)}, health and metrics on ${formatAddress(ops.address)}${grpcNote}, data in ${dataDir}`);
  }

  private failStop(err: unknown): void {
    console.error("[collector] cannot write the queue or checkpoint; stopping so a restart recovers from the journal:", err);
    process.exit(70);
  }
}

function formatAddress(a: AddressInfo | null): string {
  return a ? `${a.address}:${a.port}` : "?";
}
