// The addresses of uninstrumented peers (databases, brokers) seen in client spans since the last
// cut, shipped to the server as PEER address observations (lib/ingest/address-map.ts), so the
// server's own flow views (edge detail, flow search) resolve those addresses to the same names as
// the agent's network rollup. Bounded: beyond maxEntries, new pairs wait for a later cut.
import type { AddressObservation } from "@/lib/contracts/ingest-batch";
import type { NormalizedSpan } from "@/lib/contracts/span";
import { peerObservation } from "./address-map";

export class PeerObservations {
  private readonly seen = new Map<string, AddressObservation>();

  constructor(private readonly maxEntries = 10_000) {}

  observe(span: NormalizedSpan): void {
    const peer = peerObservation(span);
    if (!peer) return;
    const startMs = Math.max(0, Math.floor(span.startUs / 1000));
    const endMs = Math.max(startMs, Math.floor((span.startUs + span.durationUs) / 1000));
    const key = `${peer.address}\u0000${peer.name}`;
    const entry = this.seen.get(key);
    if (entry) {
      entry.firstSeenMs = Math.min(entry.firstSeenMs, startMs);
      entry.lastSeenMs = Math.max(entry.lastSeenMs, endMs);
    } else if (this.seen.size < this.maxEntries) {
      this.seen.set(key, { address: peer.address, service: peer.name, workload: null, namespace: null, firstSeenMs: startMs, lastSeenMs: endMs, peer: true });
    }
  }

  drain(): AddressObservation[] {
    const out = [...this.seen.values()];
    this.seen.clear();
    return out;
  }
}
