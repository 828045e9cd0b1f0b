// Combining rollup rows that share a key: the agent's minute and the server's own minute for
// the same edge, or two batches that both carried part of a minute. Histograms merge by adding
// bucket counts (lib/contracts/histogram.ts: every producer uses the same bounds).
// Pure: inputs are never changed; every output row owns its histograms.
import { emptyHistogram, mergeInto, type Histogram } from "@/lib/contracts/histogram";
import type { EdgeMinute, NetworkEdgeMinute, NodeMinute, PairingQualityMinute } from "@/lib/contracts/rollup";
import { mergeExemplars } from "./exemplars";

const SEP = "\u0000";

function copyHistogram(h: Histogram): Histogram {
  return mergeInto(emptyHistogram(), h);
}

export function edgeMinuteKey(r: Pick<EdgeMinute, "minuteMs" | "client" | "server" | "connectionType">): string {
  return [r.minuteMs, r.client, r.server, r.connectionType].join(SEP);
}

export function nodeMinuteKey(r: Pick<NodeMinute, "minuteMs" | "service" | "operation" | "spanKind">): string {
  // operation null (whole service) and "" cannot collide: the contract forbids empty names.
  return [r.minuteMs, r.service, r.operation ?? "", r.spanKind].join(SEP);
}

export function networkEdgeMinuteKey(r: Pick<NetworkEdgeMinute, "minuteMs" | "srcWorkload" | "dstWorkload" | "dstPort" | "protocol">): string {
  return [r.minuteMs, r.srcWorkload, r.dstWorkload, r.dstPort, r.protocol].join(SEP);
}

/**
 * The rows as they are when no two share a key (what an agent sends), else merged. PostgreSQL
 * refuses an INSERT … ON CONFLICT that would update one row twice, so a batch that repeats a key
 * is added up first, as its rollup would have been.
 */
export function mergedWhenDuplicated<T>(rows: T[], key: (r: T) => string, merge: (rows: T[]) => T[]): T[] {
  const seen = new Set<string>();
  for (const r of rows) {
    const k = key(r);
    if (seen.has(k)) return merge(rows);
    seen.add(k);
  }
  return rows;
}

/**
 * Rows that share a key folded into one: `copy` makes the first such row the output's own (the
 * input is never changed), `add` adds each later one into it. The one loop behind every merge.
 */
export function mergeByKey<T>(rows: readonly T[], key: (r: T) => string, copy: (r: T) => T, add: (into: T, r: T) => void): T[] {
  const out = new Map<string, T>();
  for (const r of rows) {
    const k = key(r);
    const into = out.get(k);
    if (into === undefined) out.set(k, copy(r));
    else add(into, r);
  }
  return [...out.values()];
}

export function mergeEdgeMinutes(rows: EdgeMinute[]): EdgeMinute[] {
  return mergeByKey(
    rows,
    edgeMinuteKey,
    (r) => ({
      ...r,
      clientLatency: copyHistogram(r.clientLatency),
      serverLatency: copyHistogram(r.serverLatency),
      queueLatency: r.queueLatency ? copyHistogram(r.queueLatency) : null,
      exemplars: mergeExemplars(r.exemplars),
    }),
    (m, r) => {
      m.calls += r.calls;
      m.errors += r.errors;
      mergeInto(m.clientLatency, r.clientLatency);
      mergeInto(m.serverLatency, r.serverLatency);
      if (r.queueLatency) m.queueLatency = mergeInto(m.queueLatency ?? emptyHistogram(), r.queueLatency);
      m.exemplars = mergeExemplars(m.exemplars, r.exemplars);
    },
  );
}

export function mergeNodeMinutes(rows: NodeMinute[]): NodeMinute[] {
  return mergeByKey(
    rows,
    nodeMinuteKey,
    (r) => ({ ...r, duration: copyHistogram(r.duration), statusClasses: { ...r.statusClasses } }),
    (m, r) => {
      m.calls += r.calls;
      m.errors += r.errors;
      mergeInto(m.duration, r.duration);
      for (const [cls, n] of Object.entries(r.statusClasses)) m.statusClasses[cls] = (m.statusClasses[cls] ?? 0) + n;
    },
  );
}

export function mergePairingQuality(rows: PairingQualityMinute[]): PairingQualityMinute[] {
  return mergeByKey(
    rows,
    (r) => r.minuteMs + SEP + r.service,
    (r) => ({ ...r }),
    (m, r) => {
      m.paired += r.paired;
      m.virtual += r.virtual;
      m.expired += r.expired;
      m.dropped += r.dropped;
    },
  );
}

/** Adds a network edge row's counts into another's (same key): here and in the agent's flow rollup. */
export function addNetworkCounts(into: NetworkEdgeMinute, r: NetworkEdgeMinute): void {
  into.flows += r.flows;
  into.bytes += r.bytes;
  into.packets += r.packets;
  into.rejects += r.rejects;
  into.drops += r.drops;
  into.retransmits += r.retransmits;
  into.l7Errors += r.l7Errors;
}

export function mergeNetworkEdgeMinutes(rows: NetworkEdgeMinute[]): NetworkEdgeMinute[] {
  return mergeByKey(rows, networkEdgeMinuteKey, (r) => ({ ...r }), addNetworkCounts);
}
