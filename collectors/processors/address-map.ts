// The agent's own, time-bounded map of address → workload, so flows between pod IPs get workload
// names before they are aggregated. Pod IPs are reused: each address keeps a short history of who
// held it when, and a flow resolves to the holder at the flow's time (within a grace period).
//
// Three sources, never mixed:
// - CLAIMS and PEERS, from spans (lib/rollup/address-observations.ts says what each is): a
//   span's own resource, and the address of a database or broker its client spans talked to,
//   under the name the service graph gives its virtual node, so a VPC flow to the database and
//   the graph's database node carry one name. A peer observation only ever fills a gap: whatever
//   a claim says about an address, at a time it holds, wins.
// - ENDPOINTS: a flow source that knows the pod on each side (Hubble: Cilium's endpoint of a
//   pod, with its workload and namespace) names the pod's address. A pod that sends no spans
//   and whose clients' spans carry no peer address (kafka clients rarely set one) is named this
//   way, so a VPC record to its IP and Hubble's flow to it land on one edge. Lowest rank: a
//   claim, then a peer observation (the graph's name for the node) win over it, for Hubble's
//   flows as well, so both sources file a workload under the same name. Endpoints are also
//   shipped to the server (drainEndpointObservations), so its own flow views name a pod that
//   only Hubble knows.
import type { NormalizedFlow } from "@/lib/contracts/flow";
import type { AddressObservation } from "@/lib/contracts/ingest-batch";
import type { NormalizedSpan } from "@/lib/contracts/span";
import { AddressObservationTracker, isIpAddress, peerObservation, resourceAddress, sharedAddress } from "@/lib/rollup/address-observations";

interface Tenure {
  name: string;
  fromMs: number;
  toMs: number;
}

export interface AddressMapOptions {
  /** addresses remembered per source; the least recently seen go first */
  maxAddresses: number;
  /** a holder still counts this long before its first and after its last sighting */
  graceMs: number;
}

const HISTORY = 4;
const MAX_NAME = 512;

function bounded(name: string): string {
  return name.length > MAX_NAME ? name.slice(0, MAX_NAME) : name;
}

/** "namespace/workload" when the resource names its workload, else the service name. */
export function workloadName(span: Pick<NormalizedSpan, "k8sWorkload" | "k8sNamespace" | "service">): string {
  return bounded(span.k8sWorkload ? (span.k8sNamespace ? `${span.k8sNamespace}/${span.k8sWorkload}` : span.k8sWorkload) : span.service);
}

/** address → short history of holders, least recently seen address first. */
class Tenures {
  readonly byAddress = new Map<string, Tenure[]>();

  constructor(private readonly options: AddressMapOptions) {}

  /** the most recently added address: already last in Map order, nothing to move */
  private newest: string | null = null;

  add(address: string, name: string, fromMs: number, toMs: number): void {
    const known = this.byAddress.get(address);
    const history = known ?? [];
    // Re-inserted below, as Map order is recency; not when it is already the newest (spans come
    // in runs of one resource, and a delete + set per span showed in the span path's profile).
    const move = known !== undefined && address !== this.newest;
    if (move) this.byAddress.delete(address);
    const last = history[history.length - 1];
    if (last && last.name === name) {
      last.fromMs = Math.min(last.fromMs, fromMs);
      last.toMs = Math.max(last.toMs, toMs);
    } else {
      history.push({ name, fromMs, toMs });
      if (history.length > HISTORY) history.shift();
    }
    if (known === undefined || move) this.byAddress.set(address, history);
    this.newest = address;
    if (this.byAddress.size > this.options.maxAddresses) {
      this.byAddress.delete(this.byAddress.keys().next().value as string);
    }
  }

  lookup(address: string, atMs: number): string | null {
    const history = this.byAddress.get(address);
    if (!history) return null;
    const g = this.options.graceMs;
    for (let i = history.length - 1; i >= 0; i--) {
      const t = history[i];
      if (atMs >= t.fromMs - g && atMs <= t.toMs + g) return t.name;
    }
    return null;
  }

  load(entries: unknown): void {
    if (!Array.isArray(entries)) return;
    this.newest = null;
    for (const e of entries) {
      if (!Array.isArray(e) || typeof e[0] !== "string" || !Array.isArray(e[1])) continue;
      const history = (e[1] as Tenure[]).filter((t) => typeof t?.name === "string" && Number.isFinite(t.fromMs) && Number.isFinite(t.toMs));
      if (history.length) this.byAddress.set(e[0], history.slice(-HISTORY));
    }
  }
}

export class AddressMap {
  private readonly claims: Tenures;
  private readonly peers: Tenures;
  private readonly endpoints: Tenures;
  /** endpoints seen since the last cut, for the server's map (bounded: overflow waits for a later sighting) */
  private readonly endpointObservations = new AddressObservationTracker();

  constructor(options: AddressMapOptions = { maxAddresses: 50_000, graceMs: 5 * 60_000 }) {
    this.claims = new Tenures(options);
    this.peers = new Tenures(options);
    this.endpoints = new Tenures(options);
  }

  /** Addresses known from span resources (claims). */
  get size(): number {
    return this.claims.byAddress.size;
  }

  /** Addresses known only as peers of database and messaging calls. */
  get peerCount(): number {
    return this.peers.byAddress.size;
  }

  learn(span: NormalizedSpan): void {
    const fromMs = Math.floor(span.startUs / 1000);
    const toMs = fromMs + Math.floor(span.durationUs / 1000);
    const address = resourceAddress(span);
    if (address) this.claims.add(address, workloadName(span), fromMs, toMs);
    const peer = peerObservation(span);
    if (peer) this.peers.add(peer.address, peer.name, fromMs, toMs);
  }

  /** Addresses known only as pods a flow source named. */
  get endpointCount(): number {
    return this.endpoints.byAddress.size;
  }

  /** Learns the pods a Hubble flow names on either side (not Cilium's reserved identities). */
  learnFlow(flow: NormalizedFlow): void {
    if (flow.sourceKind !== "hubble") return;
    const a = flow.attributes;
    if (flow.srcWorkload && a["source.pod_name"] && !a["source.reserved"]) this.learnEndpoint(flow.srcAddr, flow.srcWorkload, flow.srcNamespace, flow);
    if (flow.dstWorkload && a["destination.pod_name"] && !a["destination.reserved"]) this.learnEndpoint(flow.dstAddr, flow.dstWorkload, flow.dstNamespace, flow);
  }

  /** The workload holding `address` at `atMs`, or null when unknown then: claims, then peers, then endpoints. */
  lookup(address: string, atMs: number): string | null {
    return this.claims.lookup(address, atMs) ?? this.peers.lookup(address, atMs) ?? this.endpoints.lookup(address, atMs);
  }

  private learnEndpoint(address: string, workload: string, namespace: string | null, flow: NormalizedFlow): void {
    if (!isIpAddress(address) || sharedAddress(address)) return;
    const toMs = Math.max(flow.startMs, flow.endMs);
    this.endpoints.add(address, bounded(namespace ? `${namespace}/${workload}` : workload), flow.startMs, toMs);
    this.endpointObservations.observeEndpoint(address, workload, namespace, flow.startMs, toMs);
  }

  /** The Hubble endpoints learnt since the last call, as observations for the server's address map. */
  drainEndpointObservations(): AddressObservation[] {
    return this.endpointObservations.drain();
  }

  /**
   * For the snapshot kept beside the checkpoint: the claims as [address, history] pairs (the
   * format older snapshots have), then one ["peers", [...]] and one ["endpoints", [...]] entry,
   * which older agents skip (their histories do not parse as tenures).
   */
  toJSON(): unknown[] {
    return [...this.claims.byAddress, ["peers", [...this.peers.byAddress]], ["endpoints", [...this.endpoints.byAddress]]];
  }

  load(entries: unknown): void {
    if (!Array.isArray(entries)) return;
    const tier = (name: string) => entries.find((e) => Array.isArray(e) && e[0] === name && Array.isArray(e[1]) && (e[1] as unknown[]).every(Array.isArray)) as [string, unknown] | undefined;
    const peers = tier("peers");
    const endpoints = tier("endpoints");
    this.claims.load(entries.filter((e) => e !== peers && e !== endpoints));
    if (peers) this.peers.load(peers[1]);
    if (endpoints) this.endpoints.load(endpoints[1]);
  }
}
