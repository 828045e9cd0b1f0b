// The faults in force and the planner's questions about them. Each query looks only at faults
// active at the given time, so a backfill can replay a fault in the past as well as live.
import type { Fault, FaultName } from "./faults";

export type RetryStormPhase = "outage" | "storm" | null;

/** Share of a retry-storm fault spent in the outage before the storm of retries. */
const OUTAGE_SHARE = 0.3;

export class FaultSet {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push(fault);
  }

  /** Ends a fault early; its ground truth keeps the real end. */
  stop(id: string, atMs: number): Fault | null {
    const f = this.faults.find((x) => x.id === id);
    if (!f) return null;
    if (f.endMs > atMs) f.endMs = Math.max(f.startMs, atMs);
    return f;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f, target: { ...f.target } }));
  }

  private active(name: FaultName, t: number): Fault[] {
    return this.faults.filter((f) => f.name === name && f.startMs <= t && t < f.endMs);
  }

  operationErrorRate(service: string, operation: string, t: number): number {
    return this.active("operation-error", t).some((f) => f.target.service === service && f.target.operation === operation) ? 0.5 : 0;
  }

  extraLatencyMs(service: string, t: number): number {
    return this.active("service-latency", t).filter((f) => f.target.service === service).length * 250;
  }

  backendSlowdown(backend: string, t: number): number {
    return this.active("slow-database", t).some((f) => f.target.service === backend) ? 15 : 1;
  }

  private onEdge(name: FaultName, client: string, server: string, t: number): boolean {
    return this.active(name, t).some((f) => f.target.edge?.client === client && f.target.edge.server === server);
  }

  isRejected(client: string, server: string, t: number): boolean {
    return this.onEdge("network-reject", client, server, t);
  }

  isAuthDenied(client: string, server: string, t: number): boolean {
    return this.onEdge("lattice-auth-deny", client, server, t);
  }

  /** Probability that a packet of a call on this edge is lost. */
  packetLoss(client: string, server: string, t: number): number {
    return this.onEdge("packet-loss", client, server, t) ? 0.25 : 0;
  }

  /** The failing version of a bad deploy in force, or null. */
  badVersion(service: string, t: number): string | null {
    return this.active("bad-deploy", t).find((f) => f.target.service === service)?.target.version ?? null;
  }

  retryStorm(service: string, t: number): RetryStormPhase {
    const f = this.active("retry-storm", t).find((x) => x.target.service === service);
    if (!f) return null;
    return t < f.startMs + (f.endMs - f.startMs) * OUTAGE_SHARE ? "outage" : "storm";
  }

  /** Extra queue time for a consumer group: grows by half of the elapsed fault time. */
  consumerLagMs(consumer: string, t: number): number {
    const f = this.active("consumer-lag", t).find((x) => x.target.service === consumer);
    return f ? (t - f.startMs) * 0.5 : 0;
  }
}
