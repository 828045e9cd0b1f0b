// Per-minute aggregation of spans (→ NodeMinute) and paired edges (→ EdgeMinute) and pairing
// outcomes (→ PairingQualityMinute). The collector ships closed minutes (`drainClosed`); the
// server may also drain the open minute, because rollup upserts merge rows with the same key.
// Pure: no clock, no I/O. The minute is that of the span's (or the client span's) start.
import { emptyHistogram, observe } from "@/lib/contracts/histogram";
import type { EdgeMinute, NodeMinute, PairingQualityMinute } from "@/lib/contracts/rollup";
import type { NormalizedSpan } from "@/lib/contracts/span";
import { UNKNOWN_SERVICE } from "@/lib/pairing/half-edge";
import { isErrorSpan } from "@/lib/pairing/is-error";
import type { EdgeObservation, PairingOutcome, PairingResult } from "@/lib/pairing/types";
import { nodeName } from "@/lib/pairing/virtual-node-naming";
import { ExemplarPicker } from "./exemplars";
import { minuteOfUs } from "./minute";
import { hasOperationRow, isEntrySpan, operationName, statusClass } from "./span-node-rows";

export interface RollupRows {
  edgeMinutes: EdgeMinute[];
  nodeMinutes: NodeMinute[];
  pairingQuality: PairingQualityMinute[];
}

export interface MinuteAggregatorOptions {
  /**
   * Distinct operations kept per service and minute; the rest are counted under OTHER_OPERATION.
   * Guards against span names that carry ids ("GET /users/123"), which would otherwise create a
   * row per request.
   */
  maxOperationsPerService: number;
}

export const OTHER_OPERATION = "(other operations)";
const DEFAULTS: MinuteAggregatorOptions = { maxOperationsPerService: 500 };
const SEP = "\u0000";

interface EdgeAccumulator {
  row: EdgeMinute;
  exemplars: ExemplarPicker;
}

export class MinuteAggregator {
  private readonly options: MinuteAggregatorOptions;
  private edges = new Map<string, EdgeAccumulator>();
  private nodes = new Map<string, NodeMinute>();
  private quality = new Map<string, PairingQualityMinute>();
  /** operations seen per (minute, service), for the cardinality cap */
  private operations = new Map<string, Set<string>>();

  constructor(options: Partial<MinuteAggregatorOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  addSpan(span: NormalizedSpan): void {
    const minuteMs = minuteOfUs(span.startUs);
    const service = nodeName(span.service, UNKNOWN_SERVICE);
    const failed = isErrorSpan(span);
    const cls = statusClass(span, failed);
    if (isEntrySpan(span)) this.countNode(minuteMs, service, null, 0, span.durationUs, failed, cls);
    if (hasOperationRow(span)) {
      const operation = this.cappedOperation(minuteMs, service, operationName(span), span.kind);
      this.countNode(minuteMs, service, operation, span.kind, span.durationUs, failed, cls);
    }
  }

  addEdge(edge: EdgeObservation): void {
    const minuteMs = minuteOfUs(edge.startUs);
    // Keys are built with `+`: an array and join() per observation was a visible share of a
    // 4,096-span request (bench/ingest/stages.ts).
    const key = minuteMs + SEP + edge.client + SEP + edge.server + SEP + edge.connectionType;
    let acc = this.edges.get(key);
    if (!acc) {
      acc = {
        row: {
          minuteMs,
          client: edge.client,
          server: edge.server,
          connectionType: edge.connectionType,
          calls: 0,
          errors: 0,
          clientLatency: emptyHistogram(),
          serverLatency: emptyHistogram(),
          queueLatency: null,
          exemplars: [],
        },
        exemplars: new ExemplarPicker(),
      };
      this.edges.set(key, acc);
    }
    const { row } = acc;
    row.calls++;
    if (edge.failed) row.errors++;
    observe(row.clientLatency, edge.clientDurationUs);
    observe(row.serverLatency, edge.serverDurationUs);
    if (edge.queueLatencyUs !== undefined) observe((row.queueLatency ??= emptyHistogram()), edge.queueLatencyUs);
    acc.exemplars.offer(edge.traceId, edge.failed, edge.clientDurationUs);
  }

  addOutcome(outcome: PairingOutcome): void {
    const minuteMs = minuteOfUs(outcome.startUs);
    const key = minuteMs + SEP + outcome.service;
    let row = this.quality.get(key);
    if (!row) {
      row = { minuteMs, service: outcome.service, paired: 0, virtual: 0, expired: 0, dropped: 0 };
      this.quality.set(key, row);
    }
    row[outcome.outcome]++;
  }

  addPairing(result: PairingResult): void {
    for (const edge of result.edges) this.addEdge(edge);
    for (const outcome of result.outcomes) this.addOutcome(outcome);
  }

  /** Everything aggregated so far; the aggregator starts empty again. */
  drain(): RollupRows {
    return this.drainWhere(() => true);
  }

  /** Only minutes that start before `beforeMinuteMs`; later minutes keep accumulating. */
  drainClosed(beforeMinuteMs: number): RollupRows {
    return this.drainWhere((minuteMs) => minuteMs < beforeMinuteMs);
  }

  private drainWhere(take: (minuteMs: number) => boolean): RollupRows {
    const edgeMinutes: EdgeMinute[] = [];
    for (const [key, acc] of this.edges) {
      if (!take(acc.row.minuteMs)) continue;
      this.edges.delete(key);
      edgeMinutes.push({ ...acc.row, exemplars: acc.exemplars.traceIds() });
    }
    const nodeMinutes = takeRows(this.nodes, take);
    const pairingQuality = takeRows(this.quality, take);
    for (const key of this.operations.keys()) {
      if (take(Number(key.slice(0, key.indexOf(SEP))))) this.operations.delete(key);
    }
    return { edgeMinutes, nodeMinutes, pairingQuality };
  }

  private countNode(
    minuteMs: number,
    service: string,
    operation: string | null,
    spanKind: number,
    durationUs: number,
    failed: boolean,
    cls: string,
  ): void {
    const key = minuteMs + SEP + service + SEP + (operation ?? "") + SEP + spanKind;
    let row = this.nodes.get(key);
    if (!row) {
      row = { minuteMs, service, operation, spanKind, calls: 0, errors: 0, duration: emptyHistogram(), statusClasses: {} };
      this.nodes.set(key, row);
    }
    row.calls++;
    if (failed) row.errors++;
    observe(row.duration, durationUs);
    row.statusClasses[cls] = (row.statusClasses[cls] ?? 0) + 1;
  }

  private cappedOperation(minuteMs: number, service: string, operation: string, kind: number): string {
    const key = minuteMs + SEP + service;
    let seen = this.operations.get(key);
    if (!seen) {
      seen = new Set();
      this.operations.set(key, seen);
    }
    const id = operation + SEP + kind;
    if (seen.has(id)) return operation;
    if (seen.size >= this.options.maxOperationsPerService) return OTHER_OPERATION;
    seen.add(id);
    return operation;
  }
}

function takeRows<T extends { minuteMs: number }>(rows: Map<string, T>, take: (minuteMs: number) => boolean): T[] {
  const out: T[] = [];
  for (const [key, row] of rows) {
    if (!take(row.minuteMs)) continue;
    rows.delete(key);
    out.push(row);
  }
  return out;
}
