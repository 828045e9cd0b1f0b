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

export function mergeEdgeMinutes(rows: EdgeMinute[]): EdgeMinute[] {
  const out = new Map<string, EdgeMinute>();
  for (const r of rows) {
    const key = edgeMinuteKey(r);
    const m = out.get(key);
    if (!m) {
      out.set(key, {
        ...r,
        clientLatency: copyHistogram(r.clientLatency),
        serverLatency: copyHistogram(r.serverLatency),
        queueLatency: r.queueLatency ? copyHistogram(r.queueLatency) : null,
        exemplars: mergeExemplars(r.exemplars),
      });
      continue;
    }
    m.calls += r.calls;
    m.errors += r.errors;
    mergeInto(m.clientLatency, r.clientLatency);
    mergeInto(m.serverLatency, r.serverLatency);
    if (r.queueLatency) m.queueLatency = mergeInto(m.queueLatency ?? emptyHistogram(), r.queueLatency);
    m.exemplars = mergeExemplars(m.exemplars, r.exemplars);
  }
  return [...out.values()];
}

export function mergeNodeMinutes(rows: NodeMinute[]): NodeMinute[] {
  const out = new Map<string, NodeMinute>();
  for (const r of rows) {
    const key = nodeMinuteKey(r);
    const m = out.get(key);
    if (!m) {
      out.set(key, { ...r, duration: copyHistogram(r.duration), statusClasses: { ...r.statusClasses } });
      continue;
    }
    m.calls += r.calls;
    m.errors += r.errors;
    mergeInto(m.duration, r.duration);
    for (const [cls, n] of Object.entries(r.statusClasses)) m.statusClasses[cls] = (m.statusClasses[cls] ?? 0) + n;
  }
  return [...out.values()];
}

export function mergePairingQuality(rows: PairingQualityMinute[]): PairingQualityMinute[] {
  const out = new Map<string, PairingQualityMinute>();
  for (const r of rows) {
    const key = r.minuteMs + SEP + r.service;
    const m = out.get(key);
    if (!m) {
      out.set(key, { ...r });
      continue;
    }
    m.paired += r.paired;
    m.virtual += r.virtual;
    m.expired += r.expired;
    m.dropped += r.dropped;
  }
  return [...out.values()];
}

export function mergeNetworkEdgeMinutes(rows: NetworkEdgeMinute[]): NetworkEdgeMinute[] {
  const out = new Map<string, NetworkEdgeMinute>();
  for (const r of rows) {
    const key = networkEdgeMinuteKey(r);
    const m = out.get(key);
    if (!m) {
      out.set(key, { ...r });
      continue;
    }
    m.flows += r.flows;
    m.bytes += r.bytes;
    m.packets += r.packets;
    m.rejects += r.rejects;
    m.drops += r.drops;
    m.retransmits += r.retransmits;
    m.l7Errors += r.l7Errors;
  }
  return [...out.values()];
}
