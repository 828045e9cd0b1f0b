// Learning the address map from spans: which pod or host IP served as which service, and when.
// The map is time-bounded (DESIGN: pod IPs are reused), so each observation carries the first
// and last time the address was seen as that service, from the spans' own times. Two kinds:
// - CLAIMS: a span's own resource says it runs on the address (k8s.pod.ip, host.ip outside
//   Kubernetes). Authoritative.
// - PEERS: a CLIENT or PRODUCER span of a database or messaging call names the address it talked
//   to (network.peer.address) and what is there (server.address, db.system, messaging.system).
//   That is how the address of a peer that sends no spans of its own (postgres, redis, kafka) is
//   learned, under the name the service graph gives its virtual node. Marked `peer`: it only ever
//   fills a gap, never overrides a claim (lib/ingest/address-map.ts, the agent's AddressMap).
//   Peers of HTTP and gRPC calls are not learned: their server is normally instrumented (and
//   claims its address), and their peer address is often shared by many services (a Lattice
//   link-local address, a proxy, a load balancer), where one name would be wrong.
// - ENDPOINTS: a flow source names the pod on a side of a flow (Hubble); also `peer`, and without
//   a service: the lowest rank, below claims and peers.
// The agent and the server's direct OTLP ingest both learn through AddressObservationTracker,
// so either road fills the server's map with the same rows.
import type { AddressObservation } from "@/lib/contracts/ingest-batch";
import { SpanKind, type NormalizedSpan } from "@/lib/contracts/span";
import { databaseServerName } from "@/lib/pairing/virtual-node-naming";

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

/** Link-local (169.254/16: the Lattice and metadata endpoints, shared by everyone) and loopback. */
export function sharedAddress(address: string): boolean {
  const a = address.toLowerCase();
  return a.startsWith("169.254.") || a.startsWith("127.") || a === "::1" || a.startsWith("fe80:");
}

/**
 * The address a database or messaging client span talked to, and the name of what is there: for a
 * database the graph's database node (databaseServerName: peer.service, server.address, …); for a
 * broker its server.address, else the messaging system — not the topic the graph's producer edge
 * ends at, as one broker serves many topics. Null when the span says neither, or names the peer
 * only by its address.
 */
export function peerObservation(span: NormalizedSpan): { address: string; name: string } | null {
  if (span.kind !== SpanKind.CLIENT && span.kind !== SpanKind.PRODUCER) return null;
  const address = span.networkPeerAddress?.trim();
  if (!address || !isIpAddress(address) || sharedAddress(address)) return null;
  let name: string | null = null;
  if (span.dbSystem || span.dbNamespace) name = databaseServerName(span);
  else if (span.messagingSystem) name = span.peerService?.trim() || span.serverAddress?.trim() || span.messagingSystem.trim();
  if (!name || name.startsWith(address) || name.startsWith(`[${address}]`)) return null;
  return { address, name: bounded(name, 512)! };
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

/** An observation now also covers [startMs, endMs]. */
function widen(entry: AddressObservation, startMs: number, endMs: number): void {
  entry.firstSeenMs = Math.min(entry.firstSeenMs, startMs);
  entry.lastSeenMs = Math.max(entry.lastSeenMs, endMs);
}

export class AddressObservationTracker {
  private readonly seen = new Map<string, AddressObservation>();
  private refused = 0;
  // Spans arrive in runs of one resource (a request groups them by resource): while the fields
  // a claim is derived from are the same as the previous span's, its entry is reused without
  // deriving the address and key again (a key string built and hashed per span was about 2 % of
  // the agent's span path, bench/collector/span-stages.ts). Peers differ per span: not memoised.
  private last: LastResource | null = null;

  /** maxEntries bounds memory between drains; observations beyond it are counted, not kept. */
  constructor(private readonly maxEntries = 10_000) {}

  /** Learns the span's resource claim and, for a database or messaging client, its peer. */
  observe(span: NormalizedSpan): void {
    const startMs = Math.max(0, Math.floor(span.startUs / 1000));
    const endMs = Math.max(startMs, Math.floor((span.startUs + span.durationUs) / 1000));
    this.observeClaim(span, startMs, endMs);
    const peer = peerObservation(span);
    if (peer) {
      const key = peer.address + "\u0000" + peer.name + "\u0000peer";
      if (!this.extend(key, startMs, endMs)) this.add(key, { address: peer.address, service: peer.name, workload: null, namespace: null, firstSeenMs: startMs, lastSeenMs: endMs, peer: true });
    }
  }

  private observeClaim(span: NormalizedSpan, startMs: number, endMs: number): void {
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
      if (last.entry !== null) widen(last.entry, startMs, endMs);
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
    memo.entry = this.extend(key, startMs, endMs) ?? this.add(key, { address, service, workload, namespace, firstSeenMs: startMs, lastSeenMs: endMs });
    memo.refused = memo.entry === null;
  }

  /**
   * A pod a flow source names on one side of a flow (Hubble's endpoint: workload and namespace).
   * Shipped as a gap-filling observation without a service: the server ranks it below claims and
   * peers (lib/ingest/address-map.ts), as the agent's own map does.
   */
  observeEndpoint(address: string, workload: string, namespace: string | null, firstSeenMs: number, lastSeenMs: number): void {
    const w = bounded(workload, 512)!;
    const ns = bounded(namespace, 256);
    const startMs = Math.max(0, Math.floor(firstSeenMs));
    const endMs = Math.max(startMs, Math.floor(lastSeenMs));
    const key = address + "\u0000" + w + "\u0000" + (ns ?? "") + "\u0000endpoint";
    if (!this.extend(key, startMs, endMs)) this.add(key, { address, service: null, workload: w, namespace: ns, firstSeenMs: startMs, lastSeenMs: endMs, peer: true });
  }

  /** Widens a known observation's time span and returns it; null when the key is new. */
  private extend(key: string, startMs: number, endMs: number): AddressObservation | null {
    const entry = this.seen.get(key);
    if (!entry) return null;
    widen(entry, startMs, endMs);
    return entry;
  }

  /** Keeps a new observation; null (and counted) when the tracker is full. */
  private add(key: string, observation: AddressObservation): AddressObservation | null {
    if (this.seen.size >= this.maxEntries) {
      this.refused++;
      return null;
    }
    this.seen.set(key, observation);
    return observation;
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
