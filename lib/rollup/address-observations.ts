// Learning the address map from span resources: which pod or host IP served as which service,
// and when. The map is time-bounded (DESIGN: pod IPs are reused), so each observation carries
// the first and last time the address was seen as that service, from the spans' own times.
// Peer attributes of client spans (server.address, network.peer.address) are not used here:
// they name the remote side, which needs the paired edge to be trusted.
import type { AddressObservation } from "@/lib/contracts/ingest-batch";
import type { NormalizedSpan } from "@/lib/contracts/span";

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:.]+$/;

/** A literal IPv4 or IPv6 address that fits the contract (64 characters). */
export function isIpAddress(value: string): boolean {
  if (value.length === 0 || value.length > 64) return false;
  if (IPV4.test(value)) return true;
  return value.includes(":") && IPV6.test(value) && value.split(":").length <= 9;
}

function bounded(value: string | null, max: number): string | null {
  if (!value) return null;
  return value.length > max ? value.slice(0, max) : value;
}

type AddressFields = Pick<
  NormalizedSpan,
  "k8sPodIp" | "k8sPodName" | "hostIp" | "service" | "k8sWorkload" | "k8sNamespace"
>;

/**
 * The address a span's resource says it runs on: the pod IP, or the host IP only outside
 * Kubernetes. A node's host IP is shared by every pod on the node, so mapping it to one
 * service would be wrong.
 */
export function resourceAddress(span: AddressFields): string | null {
  if (span.k8sPodIp) return isIpAddressCached(span.k8sPodIp) ? span.k8sPodIp : null;
  if (span.k8sPodName) return null;
  return span.hostIp && isIpAddressCached(span.hostIp) ? span.hostIp : null;
}

// Spans of one resource repeat the same pod IP thousands of times: its check is remembered.
const ipChecks = new Map<string, boolean>();
function isIpAddressCached(value: string): boolean {
  let ok = ipChecks.get(value);
  if (ok === undefined) {
    if (ipChecks.size >= 4096) ipChecks.clear();
    ok = isIpAddress(value);
    ipChecks.set(value, ok);
  }
  return ok;
}

/** The resource fields an observation is derived from, and what they gave last time. */
interface LastResource {
  podIp: string | null;
  podName: string | null;
  hostIp: string | null;
  service: string;
  workload: string | null;
  namespace: string | null;
  /** null when the resource has no usable address, or the observation was refused */
  entry: AddressObservation | null;
  refused: boolean;
}

export class AddressObservationTracker {
  private readonly seen = new Map<string, AddressObservation>();
  private refused = 0;
  // Spans arrive in runs of one resource (a request groups them by resource): while the fields
  // an observation is derived from are the same objects as the previous span's, its entry is
  // reused without deriving the address and key again (a key string built and hashed per span
  // was about 2 % of the agent's span path, bench/collector/span-stages.ts).
  private last: LastResource | null = null;

  /** maxEntries bounds memory between drains; observations beyond it are counted, not kept. */
  constructor(private readonly maxEntries = 10_000) {}

  observe(span: NormalizedSpan): void {
    const last = this.last;
    if (
      last !== null &&
      last.podIp === span.k8sPodIp &&
      last.service === span.service &&
      last.hostIp === span.hostIp &&
      last.podName === span.k8sPodName &&
      last.workload === span.k8sWorkload &&
      last.namespace === span.k8sNamespace
    ) {
      if (last.entry !== null) widen(last.entry, span);
      else if (last.refused) this.refused++;
      return;
    }
    const memo: LastResource = {
      podIp: span.k8sPodIp,
      podName: span.k8sPodName,
      hostIp: span.hostIp,
      service: span.service,
      workload: span.k8sWorkload,
      namespace: span.k8sNamespace,
      entry: null,
      refused: false,
    };
    this.last = memo;
    const address = resourceAddress(span);
    if (!address) return;
    const service = bounded(span.service, 512);
    const workload = bounded(span.k8sWorkload, 512);
    const namespace = bounded(span.k8sNamespace, 256);
    const key = address + "\u0000" + (service ?? "") + "\u0000" + (workload ?? "") + "\u0000" + (namespace ?? "");
    const entry = this.seen.get(key);
    if (entry) {
      widen(entry, span);
      memo.entry = entry;
      return;
    }
    if (this.seen.size >= this.maxEntries) {
      this.refused++;
      memo.refused = true;
      return;
    }
    const { startMs, endMs } = spanTimes(span);
    memo.entry = { address, service, workload, namespace, firstSeenMs: startMs, lastSeenMs: endMs };
    this.seen.set(key, memo.entry);
  }

  /** Observations since the last drain (the receiver merges first/last seen by key). */
  drain(): AddressObservation[] {
    const out = [...this.seen.values()];
    this.seen.clear();
    this.last = null;
    return out;
  }

  /** Observations refused because the tracker was full, since it was created. */
  get refusedCount(): number {
    return this.refused;
  }
}

function spanTimes(span: NormalizedSpan): { startMs: number; endMs: number } {
  const startMs = Math.max(0, Math.floor(span.startUs / 1000));
  return { startMs, endMs: Math.max(startMs, Math.floor((span.startUs + span.durationUs) / 1000)) };
}

function widen(entry: AddressObservation, span: NormalizedSpan): void {
  const { startMs, endMs } = spanTimes(span);
  entry.firstSeenMs = Math.min(entry.firstSeenMs, startMs);
  entry.lastSeenMs = Math.max(entry.lastSeenMs, endMs);
}
