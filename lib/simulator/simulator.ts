// startSimulator: backfills history (the last hour by default) as fast as the receiver accepts
// it — the most recent quarter hour first, so the default view is alive early (backfillSlices) —
// then keeps producing live traffic once a second. Spans go through the OpenTelemetry SDK to
// an OTLP/HTTP endpoint; flow logs go to files; faults can be started and stopped while it runs,
// and their ground truth is kept in a JSON file.
import fs from "node:fs";
import path from "node:path";
import { FaultSet } from "./fault-set";
import { buildFault, type FaultRequest } from "./fault-factory";
import type { Fault } from "./faults";
import { fileSink } from "./file-sink";
import { placeInstances } from "./instances";
import { NetworkRecorder, type LineSink } from "./network-recorder";
import { OtelEmitter, type EmitterOptions } from "./otel-emitter";
import { paymentsTopology } from "./payments-topology";
import type { Segment } from "./plan";
import { createRandom } from "./random";
import type { TopologyDef } from "./topology";
import { createPlanner } from "./trace-planner";

export interface SimulatorOptions extends EmitterOptions {
  seed?: number | string;
  /** requests per second entering the gateway (average; it drifts ±25 % over 15 minutes) */
  ratePerSecond?: number;
  /** history to generate before going live; 0 for none */
  backfillMs?: number;
  /** keep producing after the backfill */
  live?: boolean;
  /** folder for flow logs and ground-truth.json; null writes no files */
  flowDir?: string | null;
  /** instead of files (tests) */
  lineSink?: LineSink;
  groundTruthFile?: string | null;
  faults?: FaultRequest[];
  topology?: TopologyDef;
  now?: () => number;
  log?: (message: string) => void;
}

export interface SimulatorHandle {
  /** resolves when the backfill has been exported */
  ready: Promise<void>;
  startFault(req: FaultRequest): Fault;
  stopFault(id: string): Fault | null;
  faults(): Fault[];
  stats(): { traces: number; spansExported: number; failedExports: number; lastError: string | null; simulatedUntilMs: number };
  stop(): Promise<void>;
}

const TICK_MS = 1000;
const BACKFILL_CHUNK_MS = 20_000;
/** The UI's default time range: history sent first so the first view fills quickly. */
const RECENT_FIRST_MS = 15 * 60_000;

/**
 * The order the backfill sends [fromMs, toMs) in. A long backfill sends its first minute (so each
 * service's version is first seen where history starts: change events keep the first sighting),
 * then the last quarter hour (what the default view shows), then the middle. Each slice goes
 * oldest-first; flow-log minutes are written when a slice has moved past them, so a minute at a
 * slice boundary may get its records in two parts, which the collector adds up.
 */
export function backfillSlices(fromMs: number, toMs: number): [number, number][] {
  if (toMs - fromMs <= RECENT_FIRST_MS + 2 * 60_000) return toMs > fromMs ? [[fromMs, toMs]] : [];
  const firstEnd = fromMs + 60_000;
  const recentStart = Math.floor((toMs - RECENT_FIRST_MS) / 60_000) * 60_000;
  return [
    [fromMs, firstEnd],
    [recentStart, toMs],
    [firstEnd, recentStart],
  ];
}

export function startSimulator(options: SimulatorOptions): SimulatorHandle {
  const topology = options.topology ?? paymentsTopology;
  const seed = options.seed ?? 42;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const baseRate = options.ratePerSecond ?? 5;
  const faultSet = new FaultSet();
  const placement = placeInstances(topology, seed);
  const planner = createPlanner(topology, placement, faultSet, createRandom(`${seed}:traffic`));
  const arrivals = createRandom(`${seed}:arrivals`);
  const emitter = new OtelEmitter(topology, options);
  const sink = options.lineSink ?? (options.flowDir ? fileSink(options.flowDir) : null);
  const network = sink ? new NetworkRecorder(topology, sink) : null;
  const truthFile = options.groundTruthFile !== undefined ? options.groundTruthFile : options.flowDir ? path.join(options.flowDir, "ground-truth.json") : null;
  let faultCounter = 0;
  let traces = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const pending: Segment[] = [];

  const startedAt = now();
  let cursor = startedAt - (options.backfillMs ?? 3_600_000);

  function writeTruth() {
    if (!truthFile) return;
    const faults = faultSet.list().map((f) => ({ ...f, startTime: new Date(f.startMs).toISOString(), endTime: new Date(f.endMs).toISOString() }));
    fs.mkdirSync(path.dirname(truthFile), { recursive: true });
    fs.writeFileSync(truthFile, JSON.stringify({ seed, topology: "payments", faults }, null, 2) + "\n");
  }

  const rateAt = (t: number) => baseRate * (1 + 0.25 * Math.sin((2 * Math.PI * t) / 900_000));

  /** Plans every trace starting before `until`; returns their segments. */
  function generateUntil(until: number): Segment[] {
    const out: Segment[] = [];
    while (cursor < until) {
      const plan = planner.planTrace(cursor);
      traces++;
      out.push(...plan.segments);
      network?.add(plan.calls);
      cursor += arrivals.exponentialMs(rateAt(cursor));
    }
    return out;
  }

  async function backfill() {
    let liveFrom = cursor;
    for (const [from, to] of backfillSlices(cursor, startedAt)) {
      cursor = from;
      while (!stopped && cursor < to) {
        for (const s of generateUntil(Math.min(to, cursor + BACKFILL_CHUNK_MS))) emitter.record(s.spans);
        await emitter.flush();
        network?.closeMinutesBefore(cursor - 60_000);
      }
      if (to === startedAt) liveFrom = cursor; // the next arrival after the newest slice
    }
    cursor = Math.max(liveFrom, startedAt);
    log(`backfill done: ${traces} traces, ${emitter.exportedSpans} spans exported${emitter.failedExports ? `, ${emitter.failedExports} failed exports (${emitter.lastError})` : ""}`);
  }

  let ticking = false;
  async function tick() {
    if (ticking || stopped) return;
    ticking = true;
    try {
      const t = now();
      pending.push(...generateUntil(t));
      // a segment leaves once its last span has ended, as an instrumented process would export it
      pending.sort((a, b) => a.dueMs - b.dueMs);
      while (pending.length && pending[0].dueMs <= t) emitter.record(pending.shift()!.spans);
      await emitter.flush();
      network?.closeMinutesBefore(t - 5_000);
    } catch (err) {
      log(`tick failed: ${String(err)}`);
    } finally {
      ticking = false;
    }
  }

  for (const f of options.faults ?? []) faultSet.add(buildFault(topology, f, `${f.name}-${++faultCounter}`, startedAt));
  writeTruth();

  const ready = backfill().then(() => {
    if (!stopped && options.live !== false) timer = setInterval(() => void tick(), TICK_MS);
  });

  return {
    ready,
    startFault(req) {
      const fault = buildFault(topology, req, `${req.name}-${++faultCounter}`, now());
      faultSet.add(fault);
      writeTruth();
      log(`fault started: ${fault.id} on ${JSON.stringify(fault.target)} until ${new Date(fault.endMs).toISOString()}`);
      return fault;
    },
    stopFault(id) {
      const f = faultSet.stop(id, now());
      if (f) writeTruth();
      return f;
    },
    faults: () => faultSet.list(),
    stats: () => ({ traces, spansExported: emitter.exportedSpans, failedExports: emitter.failedExports, lastError: emitter.lastError, simulatedUntilMs: cursor }),
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await ready.catch(() => undefined);
      while (ticking) await new Promise((r) => setTimeout(r, 20));
      for (const s of pending.splice(0)) emitter.record(s.spans);
      await emitter.shutdown();
      network?.closeMinutesBefore(Number.POSITIVE_INFINITY);
    },
  };
}
