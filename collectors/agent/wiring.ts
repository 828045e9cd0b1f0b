// Components report what happens through small event interfaces; this file turns those events
// into metrics and log lines, and registers the gauges read at scrape time. Keeping it apart
// keeps the components free of any metrics library and the agent's start-up readable.
import type { BatcherEvents } from "./batcher";
import type { AgentMetrics } from "./agent-metrics";
import type { ExportEvents } from "../exporter/export-loop";
import type { Registry } from "../ops/metrics";
import type { MemoryMonitor } from "../processors/memory-limiter";
import type { ExportQueue } from "../queue/export-queue";
import type { IntakeJournal } from "../queue/intake-journal";
import type { FlowLogEvents, FlowLogReceiver } from "../receivers/flowlog/flow-log-receiver";
import type { OtlpReceiverEvents } from "../receivers/otlp-http/otlp-http-receiver";
import type { ReplayPacer } from "../exporter/replay-pacer";

/** A message repeated within this window is logged once, with a count (one aggregated warning). */
const LOG_WINDOW_MS = 30_000;

function throttled(log: (m: string) => void): (key: string, message: string) => void {
  const last = new Map<string, { atMs: number; suppressed: number }>();
  return (key, message) => {
    const now = Date.now();
    const seen = last.get(key);
    if (seen && now - seen.atMs < LOG_WINDOW_MS) {
      seen.suppressed++;
      return;
    }
    const extra = seen?.suppressed ? ` (${seen.suppressed} more like it since)` : "";
    last.set(key, { atMs: now, suppressed: 0 });
    log(`${message}${extra}`);
  };
}

export const wireEvents = {
  otlp(m: AgentMetrics, transport: "http" | "grpc"): OtlpReceiverEvents {
    return {
      accepted(spans, rejected) {
        m.receivedRequests.inc({ transport });
        m.receivedSpans.inc({}, spans);
        if (rejected > 0) m.rejected.inc({ signal: "spans", reason: "invalid_span" }, rejected);
      },
      refused: (reason) => m.refused.inc({ reason, transport }),
      failed: (status) => m.failedRequests.inc({ status: String(status), transport }),
    };
  },

  flowLog(m: AgentMetrics, log: (message: string) => void): FlowLogEvents {
    const warn = throttled(log);
    return {
      linesRead: (source, n) => m.flowLines.inc({ source }, n),
      flowsParsed: (source, n) => m.receivedFlows.inc({ source }, n),
      linesRejected: (source, reason, n) => {
        m.rejected.inc({ signal: "flow_lines", reason }, n);
        warn(`reject:${source}:${reason}`, `${source}: ${n} line(s) rejected: ${reason}`);
      },
      truncated: (path) => {
        m.truncations.inc();
        log(`${path} was truncated (copytruncate): reading it again from the start`);
      },
      warn: (message) => warn(message, message),
    };
  },

  batcher(m: AgentMetrics, fatal: (err: unknown) => void): BatcherEvents {
    return {
      queued: (meta) => m.queued.inc({ kind: meta.kind }),
      sampledOut: (signal, n) => m.sampledOut.inc({ signal }, n),
      fatal,
    };
  },

  exporter(m: AgentMetrics, log: (message: string) => void): ExportEvents {
    const loud = throttled((msg) => console.error(`[collector] ${msg}`));
    const warn = throttled(log);
    return {
      exported(meta, duplicate) {
        m.exported.inc({ kind: meta.kind });
        m.exportedSpans.inc({}, meta.spans);
        m.exportedFlows.inc({}, meta.flows);
        if (duplicate) m.duplicates.inc();
      },
      dropped(meta, reason) {
        m.dropped.inc({ signal: "spans", reason }, meta.spans);
        m.dropped.inc({ signal: "flows", reason }, meta.flows);
        m.dropped.inc({ signal: "aggregate_rows", reason }, meta.rows);
        warn(`drop:${reason}`, `dropped a ${meta.kind} batch: ${reason}`);
      },
      retried(outcome) {
        const reason = outcome.kind === "retryable" || outcome.kind === "misconfigured" ? (outcome.status === null ? "network" : String(outcome.status)) : outcome.kind;
        m.retries.inc({ reason });
        if (outcome.kind === "retryable") warn(`retry:${reason}`, `server not taking batches (${outcome.message}); retrying with backoff`);
      },
      misconfigured: (message) =>
        loud("misconfigured", `THE SERVER REFUSES THIS AGENT (${message}): check server.url and the cluster token; retrying every 30 s`),
    };
  },
};

export interface GaugeSources {
  queue: ExportQueue;
  journal: IntakeJournal;
  monitor: MemoryMonitor;
  pacer: ReplayPacer;
  flowLog: FlowLogReceiver | null;
  maxQueueBytes: number;
}

export function registerGauges(registry: Registry, s: GaugeSources): void {
  const P = "strata_collector_";
  registry.gauge(`${P}queue_bytes`, "Unsent bytes in the disk queue, by kind.", () => [
    { labels: { kind: "agg" }, value: s.queue.logs.agg.bytes },
    { labels: { kind: "raw" }, value: s.queue.logs.raw.bytes },
  ]);
  registry.gauge(`${P}queue_max_bytes`, "Bound of the disk queue.", () => s.maxQueueBytes);
  registry.gauge(`${P}journal_bytes`, "Bytes in the intake journal (acknowledged, not yet shipped or still needed for pairing).", () => s.journal.bytes);
  registry.gauge(`${P}memory_rss_bytes`, "Resident memory at the last check.", () => Math.round(s.monitor.rssMiB * 1024 * 1024));
  registry.gauge(`${P}memory_limit_level`, "0 below the soft limit, 1 above soft, 2 above hard.", () => ({ ok: 0, soft: 1, hard: 2 })[s.monitor.level]);
  registry.gauge(`${P}backlog`, "1 while a backlog is being sent at the bounded replay rate.", () => (s.pacer.inBacklog ? 1 : 0));
  registry.gauge(`${P}tail_lag_bytes`, "Bytes written to a tailed file and not yet read, by file.", () =>
    (s.flowLog?.lags() ?? []).map((l) => ({ labels: { path: l.path }, value: l.bytes })),
  );
}
