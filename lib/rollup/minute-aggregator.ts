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

interface EdgeAccumulator {
  row: EdgeMinute;
  exemplars: ExemplarPicker;
}

/** What one service has in one minute: its rows and the state of its operation cap. */
interface ServiceMinute {
  /** the whole-service row (operation null, kind 0) */
  entry: NodeMinute | null;
  /** operation → its rows, indexed by span kind */
  operations: Map<string, (NodeMinute | undefined)[]>;
  /** distinct (operation, kind) pairs admitted under the cap */
  admitted: number;
  /** kinds for which a span literally named OTHER_OPERATION was admitted (a bit per kind) */
  otherAdmitted: number;
  quality: PairingQualityMinute | null;
}

/** Everything of one minute, found by nested lookups on the (interned) names themselves. */
interface MinuteBucket {
  services: Map<string, ServiceMinute>;
  /** client → server → connection type */
  edges: Map<string, Map<string, Map<string, EdgeAccumulator>>>;
}

// Rows are found through nested Maps keyed by the names as they come (service and operation
// strings are mostly interned by lib/otlp, so their hashes are cached), not through one Map
// keyed by a concatenated string: building and hashing 3–4 such keys per span was about a
// tenth of the aggregation path (bench/collector/span-stages.ts). The row lists keep creation
// order, which is the order drains return rows in, as before.
export class MinuteAggregator {
  private readonly options: MinuteAggregatorOptions;
  private minutes = new Map<number, MinuteBucket>();
  private edgeRows: EdgeAccumulator[] = [];
  private nodeRows: NodeMinute[] = [];
  private qualityRows: PairingQualityMinute[] = [];

  constructor(options: Partial<MinuteAggregatorOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  addSpan(span: NormalizedSpan): void {
    const minuteMs = minuteOfUs(span.startUs);
    const service = nodeName(span.service, UNKNOWN_SERVICE);
    const failed = isErrorSpan(span);
    const cls = statusClass(span, failed);
    const sm = this.serviceMinute(minuteMs, service);
    if (isEntrySpan(span)) {
      const row = (sm.entry ??= this.newNodeRow(minuteMs, service, null, 0));
      count(row, span.durationUs, failed, cls);
    }
    if (hasOperationRow(span)) {
      const kind = span.kind;
      const named = operationName(span);
      const operation = this.cappedOperation(sm, named, kind);
      let rows = sm.operations.get(operation);
      if (rows === undefined) sm.operations.set(operation, (rows = []));
      const row = (rows[kind] ??= this.newNodeRow(minuteMs, service, operation, kind));
      count(row, span.durationUs, failed, cls);
    }
  }

  addEdge(edge: EdgeObservation): void {
    const minuteMs = minuteOfUs(edge.startUs);
    const bucket = this.bucket(minuteMs);
    let byServer = bucket.edges.get(edge.client);
    if (byServer === undefined) bucket.edges.set(edge.client, (byServer = new Map()));
    let byType = byServer.get(edge.server);
    if (byType === undefined) byServer.set(edge.server, (byType = new Map()));
    let acc = byType.get(edge.connectionType);
    if (acc === undefined) {
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
      byType.set(edge.connectionType, acc);
      this.edgeRows.push(acc);
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
    const sm = this.serviceMinute(minuteMs, outcome.service);
    let row = sm.quality;
    if (row === null) {
      row = sm.quality = { minuteMs, service: outcome.service, paired: 0, virtual: 0, expired: 0, dropped: 0 };
      this.qualityRows.push(row);
    }
    row[outcome.outcome]++;
  }

  addPairing(result: PairingResult): void {
    for (const edge of result.edges) this.addEdge(edge);
    for (const outcome of result.outcomes) this.addOutcome(outcome);
  }

  /** Everything aggregated so far; the aggregator starts empty again. */
  drain(): RollupRows {
    const rows = { edgeMinutes: this.edgeRows.map(edgeMinuteOf), nodeMinutes: this.nodeRows, pairingQuality: this.qualityRows };
    this.minutes = new Map();
    this.edgeRows = [];
    this.nodeRows = [];
    this.qualityRows = [];
    return rows;
  }

  /** Only minutes that start before `beforeMinuteMs`; later minutes keep accumulating. */
  drainClosed(beforeMinuteMs: number): RollupRows {
    const closed = (row: { minuteMs: number }) => row.minuteMs < beforeMinuteMs;
    const edges = split(this.edgeRows, (acc) => closed(acc.row));
    const nodes = split(this.nodeRows, closed);
    const quality = split(this.qualityRows, closed);
    this.edgeRows = edges.kept;
    this.nodeRows = nodes.kept;
    this.qualityRows = quality.kept;
    for (const minuteMs of this.minutes.keys()) if (minuteMs < beforeMinuteMs) this.minutes.delete(minuteMs);
    return { edgeMinutes: edges.taken.map(edgeMinuteOf), nodeMinutes: nodes.taken, pairingQuality: quality.taken };
  }

  private bucket(minuteMs: number): MinuteBucket {
    let bucket = this.minutes.get(minuteMs);
    if (bucket === undefined) {
      bucket = { services: new Map(), edges: new Map() };
      this.minutes.set(minuteMs, bucket);
    }
    return bucket;
  }

  private serviceMinute(minuteMs: number, service: string): ServiceMinute {
    const { services } = this.bucket(minuteMs);
    let sm = services.get(service);
    if (sm === undefined) {
      sm = { entry: null, operations: new Map(), admitted: 0, otherAdmitted: 0, quality: null };
      services.set(service, sm);
    }
    return sm;
  }

  private newNodeRow(minuteMs: number, service: string, operation: string | null, spanKind: number): NodeMinute {
    const row: NodeMinute = { minuteMs, service, operation, spanKind, calls: 0, errors: 0, duration: emptyHistogram(), statusClasses: {} };
    this.nodeRows.push(row);
    return row;
  }

  /**
   * The operation a span counts under: its own name while the service has fewer than
   * maxOperationsPerService distinct (operation, kind) pairs this minute, else OTHER_OPERATION.
   * A row under a name other than OTHER_OPERATION exists exactly when its pair was admitted,
   * so the row itself says whether the pair is known.
   */
  private cappedOperation(sm: ServiceMinute, operation: string, kind: number): string {
    const max = this.options.maxOperationsPerService;
    if (operation === OTHER_OPERATION) {
      const bit = 1 << kind;
      if ((sm.otherAdmitted & bit) === 0 && sm.admitted < max) {
        sm.otherAdmitted |= bit;
        sm.admitted++;
      }
      return OTHER_OPERATION;
    }
    if (sm.operations.get(operation)?.[kind] !== undefined) return operation;
    if (sm.admitted >= max) return OTHER_OPERATION;
    sm.admitted++;
    return operation;
  }
}

function count(row: NodeMinute, durationUs: number, failed: boolean, cls: string): void {
  row.calls++;
  if (failed) row.errors++;
  observe(row.duration, durationUs);
  row.statusClasses[cls] = (row.statusClasses[cls] ?? 0) + 1;
}

function edgeMinuteOf(acc: EdgeAccumulator): EdgeMinute {
  return { ...acc.row, exemplars: acc.exemplars.traceIds() };
}

function split<T>(rows: T[], take: (row: T) => boolean): { taken: T[]; kept: T[] } {
  const taken: T[] = [];
  const kept: T[] = [];
  for (const row of rows) (take(row) ? taken : kept).push(row);
  return { taken, kept };
}
